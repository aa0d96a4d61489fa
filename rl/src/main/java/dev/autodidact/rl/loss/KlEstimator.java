package dev.autodidact.rl.loss;

/**
 * Per-token estimators of KL(pi_theta || pi_ref) from the two log-probs of the sampled token
 * (algorithms-text §0.2, after J. Schulman, "Approximating KL Divergence"), with their
 * derivative in {@code logp} for the autograd version to check against. With
 * {@code d = logp_ref - logp}: k1 = -d, k2 = d^2 / 2, k3 = exp(d) - d - 1 clamped to [-10, 10]
 * (verl's {@code low_var_kl}), abs = |d|.
 */
public enum KlEstimator {
    K1, K2, K3, ABS;

    public static final double K3_CLAMP = 10;

    /** The estimate for one token. */
    public double estimate(double logp, double logpRef) {
        double d = logpRef - logp;
        return switch (this) {
            case K1 -> -d;
            case K2 -> 0.5 * d * d;
            case K3 -> Math.clamp(Math.exp(d) - d - 1, -K3_CLAMP, K3_CLAMP);
            case ABS -> Math.abs(d);
        };
    }

    /** d estimate / d logp (0 where the k3 clamp is active; the abs kink takes the subgradient 0). */
    public double gradient(double logp, double logpRef) {
        double d = logpRef - logp;
        return switch (this) {
            case K1 -> 1;
            case K2 -> -d;
            case K3 -> Math.exp(d) - d - 1 > K3_CLAMP ? 0 : 1 - Math.exp(d);
            case ABS -> d == 0 ? 0 : -Math.signum(d);
        };
    }
}
