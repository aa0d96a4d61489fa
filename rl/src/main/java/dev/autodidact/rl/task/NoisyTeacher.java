package dev.autodidact.rl.task;

import dev.autodidact.rl.math.SplitMix64;

/**
 * Shared pieces of the noisy-teacher traces of algorithms-text §C.4: the per-problem random
 * stream and the "off by 1..3" corruption of a step result.
 */
public final class NoisyTeacher {
    /** The §C.4 default per-step corruption probability. */
    public static final double DEFAULT_EPS_STEP = 0.08;

    private NoisyTeacher() {}

    static void checkEps(double epsStep) {
        if (!(epsStep >= 0 && epsStep <= 1)) throw new IllegalArgumentException("noisy teacher: eps_step must be in [0, 1], got " + epsStep);
    }

    /** The stream for one trace: depends on the seed and the problem, not on generation order. */
    static SplitMix64 rng(Problem problem, long seed) {
        return SplitMix64.derive(seed, SplitMix64.hash(problem.prompt().id()));
    }

    /** {@code value} moved by ±1..3, staying non-negative (the sign flips when it would not). */
    static int perturb(int value, SplitMix64 rng) {
        int delta = rng.nextInt(1, 3) * (rng.nextBoolean(0.5) ? 1 : -1);
        return value + delta >= 0 ? value + delta : value - delta;
    }

    /** A signed offset of magnitude 1..3. */
    static int offset(SplitMix64 rng) {
        return rng.nextInt(1, 3) * (rng.nextBoolean(0.5) ? 1 : -1);
    }
}
