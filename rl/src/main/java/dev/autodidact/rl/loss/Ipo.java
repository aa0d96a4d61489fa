package dev.autodidact.rl.loss;

/**
 * The loss of "A General Theoretical Paradigm to Understand Learning from Human Preferences"
 * (IPO, algorithms-text §0.6): {@code L = (h - 1/(2 tau))^2} with the DPO margin h.
 */
public final class Ipo {
    private Ipo() {}

    public static double loss(double policyChosen, double policyRejected, double refChosen, double refRejected, double tau) {
        return lossOfMargin(Dpo.margin(policyChosen, policyRejected, refChosen, refRejected), tau);
    }

    public static double lossOfMargin(double h, double tau) {
        if (!(tau > 0)) throw new IllegalArgumentException("IPO: tau must be positive, got " + tau);
        double d = h - 1 / (2 * tau);
        return d * d;
    }

    /** d loss / d h {@code = 2 (h - 1/(2 tau))}. */
    public static double gradientOfMargin(double h, double tau) {
        if (!(tau > 0)) throw new IllegalArgumentException("IPO: tau must be positive, got " + tau);
        return 2 * (h - 1 / (2 * tau));
    }
}
