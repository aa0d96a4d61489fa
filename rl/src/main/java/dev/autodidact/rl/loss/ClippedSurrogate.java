package dev.autodidact.rl.loss;

/**
 * The per-token clipped policy-gradient loss of "Proximal Policy Optimization Algorithms", in
 * the GRPO form of algorithms-text §0.2 (a loss to minimise), with dual clip ("Mastering
 * Complex Control in MOBA Games with Deep Reinforcement Learning"):
 * {@code l1 = -A rho}, {@code l2 = -A clip(rho, 1 - epsLow, 1 + epsHigh)}, {@code l = max(l1, l2)},
 * and when {@code A < 0}, {@code l = min(l, -A c)}; {@code rho = exp(logp - logp_old)}.
 */
public final class ClippedSurrogate {
    private ClippedSurrogate() {}

    /** Which branch produced a token's loss; only {@link #UNCLIPPED} passes gradient. */
    public enum Branch { UNCLIPPED, CLIPPED, DUAL_CLIPPED }

    /** The loss of one token from its advantage and probability ratio. */
    public static double loss(double advantage, double ratio, ClipRange clip) {
        double l1 = -advantage * ratio;
        double l2 = -advantage * Math.clamp(ratio, 1 - clip.epsLow(), 1 + clip.epsHigh());
        double l = Math.max(l1, l2);
        return advantage < 0 ? Math.min(l, -advantage * clip.dualClip()) : l;
    }

    /** The loss of one token from log-probs: {@code rho = exp(logp - logpOld)}. */
    public static double lossFromLogProbs(double advantage, double logp, double logpOld, ClipRange clip) {
        return loss(advantage, Math.exp(logp - logpOld), clip);
    }

    /** The branch that is active for one token. */
    public static Branch branch(double advantage, double ratio, ClipRange clip) {
        double l1 = -advantage * ratio;
        double l2 = -advantage * Math.clamp(ratio, 1 - clip.epsLow(), 1 + clip.epsHigh());
        double l = Math.max(l1, l2);
        if (advantage < 0 && -advantage * clip.dualClip() < l) return Branch.DUAL_CLIPPED;
        return l1 >= l2 ? Branch.UNCLIPPED : Branch.CLIPPED;
    }

    /** d loss / d logp for one token: {@code -A rho} on the unclipped branch, else 0. */
    public static double gradient(double advantage, double logp, double logpOld, ClipRange clip) {
        double ratio = Math.exp(logp - logpOld);
        return branch(advantage, ratio, clip) == Branch.UNCLIPPED ? -advantage * ratio : 0;
    }
}
