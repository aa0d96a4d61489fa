package dev.autodidact.rl.loss;

/**
 * The loss of "Direct Preference Optimization: Your Language Model is Secretly a Reward Model"
 * (algorithms-text §0.6): with
 * {@code h = [log pi(y_w) - log pi_ref(y_w)] - [log pi(y_l) - log pi_ref(y_l)]} (sums of token
 * log-probs), {@code L = -log sigmoid(beta h)}, computed stably as softplus(-beta h).
 */
public final class Dpo {
    public static final double DEFAULT_BETA = 0.1;

    private Dpo() {}

    /** The preference margin h of one pair. */
    public static double margin(double policyChosen, double policyRejected, double refChosen, double refRejected) {
        return (policyChosen - refChosen) - (policyRejected - refRejected);
    }

    public static double loss(double policyChosen, double policyRejected, double refChosen, double refRejected, double beta) {
        return lossOfMargin(margin(policyChosen, policyRejected, refChosen, refRejected), beta);
    }

    /** {@code -log sigmoid(beta h)}. */
    public static double lossOfMargin(double h, double beta) {
        return softplus(-beta * h);
    }

    /** d loss / d h {@code = -beta sigmoid(-beta h)}; d h / d log pi(y_w) = 1 and d h / d log pi(y_l) = -1. */
    public static double gradientOfMargin(double h, double beta) {
        return -beta * sigmoid(-beta * h);
    }

    static double softplus(double z) {
        return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
    }

    static double sigmoid(double z) {
        return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
    }
}
