package dev.autodidact.rl.metrics;

/**
 * Confidence and uncertainty of one next-token distribution or one response
 * (algorithms-text §0.11), from full log-softmax rows ({@code logProbs}, length V) or logits:
 * token entropy, self-certainty {@code KL(U || p)} of "Scalable Best-of-N Selection for Large
 * Language Models via Self-Certainty", length-normalised log-likelihood and perplexity, and the
 * CRew answer-token confidence.
 */
public final class Confidence {
    private Confidence() {}

    /** {@code H = -sum_v p(v) log p(v)}, in nats. */
    public static double entropy(double[] logProbs) {
        checkRow(logProbs);
        double h = 0;
        for (double lp : logProbs) if (lp > Double.NEGATIVE_INFINITY) h -= Math.exp(lp) * lp;
        return h;
    }

    /** Self-certainty {@code KL(U || p) = -log V - (1/V) sum_v log p(v)}; 0 for the uniform distribution. */
    public static double selfCertainty(double[] logProbs) {
        checkRow(logProbs);
        double s = 0;
        for (double lp : logProbs) s += lp;
        return -Math.log(logProbs.length) - s / logProbs.length;
    }

    /** Self-certainty from logits: {@code logsumexp(z) - mean(z) - log V}. */
    public static double selfCertaintyFromLogits(double[] logits) {
        checkRow(logits);
        double max = Double.NEGATIVE_INFINITY, mean = 0;
        for (double z : logits) {
            max = Math.max(max, z);
            mean += z / logits.length;
        }
        double s = 0;
        for (double z : logits) s += Math.exp(z - max);
        return max + Math.log(s) - mean - Math.log(logits.length);
    }

    /** {@code KL(p || U) = log V - H}: a different quantity from self-certainty, kept for contrast. */
    public static double klToUniform(double[] logProbs) {
        return Math.log(logProbs.length) - entropy(logProbs);
    }

    /** Length-normalised log-likelihood {@code (1/T) sum_t logp_t} of a response's sampled tokens. */
    public static double meanLogLikelihood(double[] tokenLogProbs) {
        if (tokenLogProbs.length == 0) throw new IllegalArgumentException("mean log-likelihood: the response has no tokens");
        double s = 0;
        for (double lp : tokenLogProbs) s += lp;
        return s / tokenLogProbs.length;
    }

    /** {@code exp(-LNLL)}. */
    public static double perplexity(double[] tokenLogProbs) {
        return Math.exp(-meanLogLikelihood(tokenLogProbs));
    }

    /** CRew confidence: mean of {@code exp(logp_t)} over the answer tokens. */
    public static double answerTokenConfidence(double[] answerTokenLogProbs) {
        if (answerTokenLogProbs.length == 0) throw new IllegalArgumentException("answer confidence: no answer tokens");
        double s = 0;
        for (double lp : answerTokenLogProbs) s += Math.exp(lp);
        return s / answerTokenLogProbs.length;
    }

    private static void checkRow(double[] row) {
        if (row.length == 0) throw new IllegalArgumentException("confidence: empty distribution");
    }
}
