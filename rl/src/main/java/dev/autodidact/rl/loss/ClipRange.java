package dev.autodidact.rl.loss;

/**
 * The PPO clip settings of the clipped surrogate (algorithms-text §0.2): the ratio is clipped to
 * {@code [1 - epsLow, 1 + epsHigh]} (separate bounds allow DAPO's "clip-higher"), and for
 * negative advantages the dual clip caps the loss at {@code -A * dualClip}
 * ({@code Double.POSITIVE_INFINITY} turns it off).
 */
public record ClipRange(double epsLow, double epsHigh, double dualClip) {
    public ClipRange {
        if (!(epsLow >= 0 && epsLow < 1) || !(epsHigh >= 0) || Double.isInfinite(epsHigh))
            throw new IllegalArgumentException("ClipRange: need 0 <= eps_low < 1 and finite eps_high >= 0, got " + epsLow + " and " + epsHigh);
        if (!(dualClip > 1)) throw new IllegalArgumentException("ClipRange: the dual-clip constant must exceed 1, got " + dualClip);
    }

    /** verl's defaults: 0.2 / 0.2 with dual clip 3. */
    public static ClipRange standard() {
        return new ClipRange(0.2, 0.2, 3.0);
    }

    /** EasyR1 / MM-UPT: clip-higher 0.2 / 0.3 with dual clip 3. */
    public static ClipRange clipHigher() {
        return new ClipRange(0.2, 0.3, 3.0);
    }

    public static ClipRange withoutDualClip(double epsLow, double epsHigh) {
        return new ClipRange(epsLow, epsHigh, Double.POSITIVE_INFINITY);
    }
}
