package dev.autodidact.autograd;

import dev.autodidact.tensor.Tensor;
import dev.autodidact.tensor.random.Rng;

/** Small seeded inputs for gradient checks. */
public final class Inputs {
    private Inputs() {}

    /** Normal(0, 1) values, keyed by seed. */
    public static Tensor normal(long seed, int... shape) {
        return Tensor.normal(Rng.derive(20261130L, seed), 0f, 1f, shape);
    }

    /** Uniform values in [lo, hi). */
    public static Tensor uniform(long seed, float lo, float hi, int... shape) {
        return Tensor.uniform(Rng.derive(20261130L, seed), lo, hi, shape);
    }

    /** Values of magnitude in [0.2, 1.5) with random sign: at least 0.2 from the kink at 0. */
    public static Tensor awayFromZero(long seed, int... shape) {
        Rng r = Rng.derive(20261130L, seed);
        Tensor t = Tensor.zeros(shape);
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) d[i] = (0.2f + 1.3f * r.nextFloat()) * (r.nextFloat() < 0.5f ? -1 : 1);
        return t;
    }

    /** A permutation of evenly spaced values (distinct, spaced 0.1 apart: no max/min ties within eps). */
    public static Tensor distinct(long seed, int... shape) {
        Tensor t = Tensor.zeros(shape);
        float[] d = t.data();
        int[] perm = new int[d.length];
        for (int i = 0; i < perm.length; i++) perm[i] = i;
        Rng.derive(20261130L, seed).shuffle(perm);
        for (int i = 0; i < d.length; i++) d[i] = 0.1f * perm[i] - 0.05f * d.length;
        return t;
    }
}
