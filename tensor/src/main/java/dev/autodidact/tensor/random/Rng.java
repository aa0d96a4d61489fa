package dev.autodidact.tensor.random;

import java.util.Arrays;

/**
 * Explicit-state random generator (xoshiro256**, seeded through SplitMix64) whose state can be
 * saved and restored, and from which independent streams are derived by key — e.g.
 * {@code Rng.derive(seed, step, prompt, sample)} — so a draw depends only on its key, never on
 * thread scheduling or on which other samples share the batch. {@code java.util.random}
 * generators cannot save their state, so nothing that must resume uses them.
 */
public final class Rng {
    private long s0, s1, s2, s3;

    private Rng(long s0, long s1, long s2, long s3) {
        if ((s0 | s1 | s2 | s3) == 0) s0 = 0x9E3779B97F4A7C15L; // the all-zero state is a fixed point
        this.s0 = s0;
        this.s1 = s1;
        this.s2 = s2;
        this.s3 = s3;
    }

    /** A generator seeded from one 64-bit value. */
    public static Rng of(long seed) {
        long[] x = {seed};
        return new Rng(splitMix(x), splitMix(x), splitMix(x), splitMix(x));
    }

    /** An independent stream for (seed, keys...): the same keys always give the same stream. */
    public static Rng derive(long seed, long... keys) {
        long h = mix(seed ^ 0x6A09E667F3BCC909L);
        for (long k : keys) h = mix(h ^ mix(k + 0x9E3779B97F4A7C15L));
        return of(h);
    }

    /** A child stream keyed by {@code key}; does not advance this generator. */
    public Rng split(long key) {
        return derive(s0 ^ Long.rotateLeft(s1, 17) ^ Long.rotateLeft(s2, 31) ^ Long.rotateLeft(s3, 47), key);
    }

    /** Restores a generator from {@link #state()}. */
    public static Rng fromState(long[] state) {
        if (state.length != 4) throw new IllegalArgumentException("Rng.fromState: expected 4 state words, got " + state.length);
        return new Rng(state[0], state[1], state[2], state[3]);
    }

    /** The 4 words of state; restoring them continues the exact same sequence. */
    public long[] state() {
        return new long[] {s0, s1, s2, s3};
    }

    public Rng copy() {
        return fromState(state());
    }

    public long nextLong() {
        long result = Long.rotateLeft(s1 * 5, 7) * 9;
        long t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = Long.rotateLeft(s3, 45);
        return result;
    }

    /** Uniform in [0, 1) with 24 random bits. */
    public float nextFloat() {
        return (nextLong() >>> 40) * 0x1.0p-24f;
    }

    /** Uniform in [0, 1) with 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [0, bound), without modulo bias. */
    public int nextInt(int bound) {
        if (bound <= 0) throw new IllegalArgumentException("Rng.nextInt: bound must be positive, got " + bound);
        long r = nextLong() >>> 32;
        long m = r * bound;
        long low = m & 0xFFFFFFFFL;
        if (low < bound) {
            long threshold = (0x1_0000_0000L - bound) % bound;
            while (low < threshold) {
                r = nextLong() >>> 32;
                m = r * bound;
                low = m & 0xFFFFFFFFL;
            }
        }
        return (int) (m >>> 32);
    }

    /** Standard normal by the Marsaglia polar method (no cached second value, so the state is the whole story). */
    public double nextGaussian() {
        double u, v, s;
        do {
            u = 2 * nextDouble() - 1;
            v = 2 * nextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        return u * Math.sqrt(-2 * Math.log(s) / s);
    }

    /** Fisher–Yates shuffle of an int array in place. */
    public void shuffle(int[] a) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    private static long splitMix(long[] x) {
        return mix(x[0] += 0x9E3779B97F4A7C15L);
    }

    /** SplitMix64 finaliser: a bijective 64-bit mixer. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    @Override
    public String toString() {
        return "Rng" + Arrays.toString(state());
    }
}
