package dev.autodidact.rl.loss;

/**
 * How per-token losses of a batch become one number (verl's {@code agg_loss}, algorithms-text
 * §0.2). Rows are responses; only response tokens are present, so the mask is implicit.
 */
public enum Aggregation {
    /** {@code sum_{i,t} l / sum_i T_i} (verl and EasyR1 default). */
    TOKEN_MEAN,
    /** {@code mean_i (sum_t l / T_i)} (the original GRPO paper). */
    SEQ_MEAN_TOKEN_MEAN,
    /** {@code mean_i sum_t l}. */
    SEQ_MEAN_TOKEN_SUM,
    /**
     * {@code sum_{i,t} l / L_max} with a constant {@code L_max} (Dr.GRPO, "Understanding
     * R1-Zero-Like Training"), so a long wrong answer is not penalised less per token.
     */
    SEQ_MEAN_TOKEN_SUM_NORM;

    /**
     * Aggregates {@code perToken} ([B][T_i]); {@code maxLength} is {@code L_max}, used only by
     * {@link #SEQ_MEAN_TOKEN_SUM_NORM}.
     */
    public double aggregate(double[][] perToken, int maxLength) {
        if (perToken.length == 0) throw new IllegalArgumentException(this + ": the batch has no responses");
        double total = 0, seqMeans = 0;
        long tokens = 0;
        for (int i = 0; i < perToken.length; i++) {
            double[] row = perToken[i];
            if (row.length == 0 && this == SEQ_MEAN_TOKEN_MEAN)
                throw new IllegalArgumentException(this + ": response " + i + " has no tokens, its token mean is undefined");
            double s = 0;
            for (double v : row) s += v;
            total += s;
            tokens += row.length;
            seqMeans += row.length == 0 ? 0 : s / row.length;
        }
        return switch (this) {
            case TOKEN_MEAN -> {
                if (tokens == 0) throw new IllegalArgumentException("TOKEN_MEAN: the batch has no response tokens");
                yield total / tokens;
            }
            case SEQ_MEAN_TOKEN_MEAN -> seqMeans / perToken.length;
            case SEQ_MEAN_TOKEN_SUM -> total / perToken.length;
            case SEQ_MEAN_TOKEN_SUM_NORM -> {
                if (maxLength < 1) throw new IllegalArgumentException("SEQ_MEAN_TOKEN_SUM_NORM: L_max must be positive, got " + maxLength);
                yield total / maxLength;
            }
        };
    }

    /**
     * The weight of each token of a response of length {@code lengths[i]} in the aggregate, so
     * that {@code aggregate = sum_{i,t} weight_i * l_{i,t}}; also the factor the aggregate's
     * gradient puts on each token.
     */
    public double[] tokenWeights(int[] lengths, int maxLength) {
        if (lengths.length == 0) throw new IllegalArgumentException(this + ": the batch has no responses");
        long tokens = 0;
        for (int len : lengths) tokens += len;
        double[] w = new double[lengths.length];
        for (int i = 0; i < w.length; i++)
            w[i] = switch (this) {
                case TOKEN_MEAN -> 1.0 / tokens;
                case SEQ_MEAN_TOKEN_MEAN -> lengths[i] == 0 ? 0 : 1.0 / ((double) lengths.length * lengths[i]);
                case SEQ_MEAN_TOKEN_SUM -> 1.0 / lengths.length;
                case SEQ_MEAN_TOKEN_SUM_NORM -> 1.0 / maxLength;
            };
        return w;
    }
}
