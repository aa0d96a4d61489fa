package dev.autodidact.rl.loss;

/**
 * The full GRPO-family objective on plain arrays (algorithms-text §0.2), the reference the
 * tensor version is tested against: {@code L = agg(l_t) + beta * agg(kl_t)} with the clipped
 * surrogate {@code l_t} and a KL estimator {@code kl_t}, plus its gradient with respect to every
 * token's {@code logp}. Rows are responses ([B][T_i]); only response tokens are present.
 * (The entropy bonus is omitted: it needs the full distribution and is 0 in every recipe here.)
 */
public final class PolicyLoss {
    private PolicyLoss() {}

    /**
     * @param clip        clip range of the surrogate
     * @param beta        KL coefficient (0 disables the KL term; then no reference log-probs are needed)
     * @param kl          KL estimator
     * @param aggregation how tokens are combined
     * @param maxLength   L_max for {@link Aggregation#SEQ_MEAN_TOKEN_SUM_NORM}
     */
    public record Config(ClipRange clip, double beta, KlEstimator kl, Aggregation aggregation, int maxLength) {
        public Config {
            if (!(beta >= 0)) throw new IllegalArgumentException("PolicyLoss: beta must be >= 0, got " + beta);
        }

        /** GRPO as in MM-UPT: clip-higher, k3 KL with beta, token-mean. */
        public static Config grpo(double beta) {
            return new Config(ClipRange.clipHigher(), beta, KlEstimator.K3, Aggregation.TOKEN_MEAN, 0);
        }

        /** Dr.GRPO: no KL, token sums divided by the constant {@code maxLength}. */
        public static Config drGrpo(int maxLength) {
            return new Config(ClipRange.standard(), 0, KlEstimator.K3, Aggregation.SEQ_MEAN_TOKEN_SUM_NORM, maxLength);
        }
    }

    /**
     * @param loss           the objective
     * @param policyLoss     the aggregated surrogate
     * @param klLoss         the aggregated KL estimate (before beta)
     * @param clipFraction   fraction of tokens on the clipped branch (either clip)
     * @param gradient       d loss / d logp per token ([B][T_i])
     */
    public record Result(double loss, double policyLoss, double klLoss, double clipFraction, double[][] gradient) {}

    /** Broadcasts one advantage per response to its tokens. */
    public static double[][] broadcast(double[] advantages, int[] lengths) {
        if (advantages.length != lengths.length)
            throw new IllegalArgumentException("broadcast: " + advantages.length + " advantages but " + lengths.length + " responses");
        double[][] out = new double[lengths.length][];
        for (int i = 0; i < out.length; i++) {
            out[i] = new double[lengths[i]];
            java.util.Arrays.fill(out[i], advantages[i]);
        }
        return out;
    }

    public static Result compute(double[][] advantages, double[][] logp, double[][] logpOld, double[][] logpRef, Config cfg) {
        boolean useKl = cfg.beta() > 0;
        int b = logp.length;
        if (advantages.length != b || logpOld.length != b || (useKl && logpRef.length != b))
            throw new IllegalArgumentException("PolicyLoss: batch sizes differ: advantages " + advantages.length + ", logp " + b
                    + ", logp_old " + logpOld.length + ", logp_ref " + logpRef.length + (useKl ? "" : " (unused, beta = 0)"));
        int[] lengths = new int[b];
        double[][] surrogate = new double[b][], kl = new double[b][], grad = new double[b][];
        long clipped = 0, tokens = 0;
        for (int i = 0; i < b; i++) {
            int n = logp[i].length;
            if (advantages[i].length != n || logpOld[i].length != n || (useKl && logpRef[i].length != n))
                throw new IllegalArgumentException("PolicyLoss: response " + i + " has " + n + " log-probs but " + advantages[i].length
                        + " advantages, " + logpOld[i].length + " old log-probs" + (useKl ? " and " + logpRef[i].length + " reference log-probs" : ""));
            lengths[i] = n;
            surrogate[i] = new double[n];
            kl[i] = new double[n];
            grad[i] = new double[n];
            for (int t = 0; t < n; t++) {
                double a = advantages[i][t], ratio = Math.exp(logp[i][t] - logpOld[i][t]);
                surrogate[i][t] = ClippedSurrogate.loss(a, ratio, cfg.clip());
                if (ClippedSurrogate.branch(a, ratio, cfg.clip()) != ClippedSurrogate.Branch.UNCLIPPED) clipped++;
                grad[i][t] = ClippedSurrogate.gradient(a, logp[i][t], logpOld[i][t], cfg.clip());
                if (useKl) {
                    kl[i][t] = cfg.kl().estimate(logp[i][t], logpRef[i][t]);
                    grad[i][t] += cfg.beta() * cfg.kl().gradient(logp[i][t], logpRef[i][t]);
                }
            }
            tokens += n;
        }
        double[] w = cfg.aggregation().tokenWeights(lengths, cfg.maxLength());
        for (int i = 0; i < b; i++) for (int t = 0; t < lengths[i]; t++) grad[i][t] *= w[i];
        double policy = cfg.aggregation().aggregate(surrogate, cfg.maxLength());
        double klLoss = useKl ? cfg.aggregation().aggregate(kl, cfg.maxLength()) : 0;
        return new Result(policy + cfg.beta() * klLoss, policy, klLoss, tokens == 0 ? 0 : (double) clipped / tokens, grad);
    }
}
