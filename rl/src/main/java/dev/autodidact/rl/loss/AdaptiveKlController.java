package dev.autodidact.rl.loss;

/**
 * The adaptive KL coefficient of "Fine-Tuning Language Models from Human Preferences"
 * (algorithms-text §0.4): {@code e = clip(KL_obs / KL_target - 1, -0.2, 0.2)},
 * {@code beta <- beta (1 + e n_steps / horizon)}. Mutable by design: it is training state.
 */
public final class AdaptiveKlController {
    private final double target, horizon;
    private double beta;

    public AdaptiveKlController(double initialBeta, double target, double horizon) {
        if (!(initialBeta >= 0 && target > 0 && horizon > 0))
            throw new IllegalArgumentException("adaptive KL: need beta >= 0, target > 0 and horizon > 0, got " + initialBeta + ", " + target + ", " + horizon);
        this.beta = initialBeta;
        this.target = target;
        this.horizon = horizon;
    }

    public double beta() {
        return beta;
    }

    /** Updates beta after {@code steps} steps that observed mean KL {@code observedKl}; returns the new beta. */
    public double update(double observedKl, int steps) {
        double e = Math.clamp(observedKl / target - 1, -0.2, 0.2);
        beta *= 1 + e * steps / horizon;
        return beta;
    }
}
