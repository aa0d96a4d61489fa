package dev.autodidact.rl.math;

/**
 * A small seeded random stream (SplitMix64) with keyed derivation, so that a draw depends only
 * on its key — {@code derive(seed, step, prompt, sample)} — never on batch order or threads.
 *
 * <p>The rl module keeps its own generator so that task generation and reward controls do not
 * change when the tensor library's sampler changes; task generator versions pin this stream.
 * "Fast splittable pseudorandom number generators" (Steele, Lea, Flood 2014), the mix64 variant.
 */
public final class SplitMix64 {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private long state;

    public SplitMix64(long seed) {
        this.state = seed;
    }

    /** An independent stream for (seed, keys...): the same keys always give the same stream. */
    public static SplitMix64 derive(long seed, long... keys) {
        return new SplitMix64(hash(seed, keys));
    }

    /** A 64-bit keyed hash: a bijective mix of the seed, folded with each key in order. */
    public static long hash(long seed, long... keys) {
        long h = mix(seed ^ 0x6A09E667F3BCC909L);
        for (long k : keys) h = mix(h ^ mix(k + GOLDEN));
        return h;
    }

    /** A 64-bit hash of text (for problem canonical forms), stable across JVMs and versions. */
    public static long hash(String text) {
        long h = 0x3C6EF372FE94F82BL;
        for (int i = 0; i < text.length(); i++) h = mix(h ^ (text.charAt(i) + GOLDEN * (i + 1)));
        return mix(h ^ text.length());
    }

    public long nextLong() {
        return mix(state += GOLDEN);
    }

    /** Uniform in [0, 1) with 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [0, bound) without modulo bias. */
    public int nextInt(int bound) {
        if (bound <= 0) throw new IllegalArgumentException("SplitMix64.nextInt: bound must be positive, got " + bound);
        // java.util.Random's rejection loop over 31-bit draws: redraw the incomplete top block
        int u = (int) (nextLong() >>> 33), r;
        while (u - (r = u % bound) + (bound - 1) < 0) u = (int) (nextLong() >>> 33);
        return r;
    }

    /** Uniform integer in [lo, hi], both inclusive. */
    public int nextInt(int lo, int hi) {
        if (hi < lo) throw new IllegalArgumentException("SplitMix64.nextInt: empty range [" + lo + ", " + hi + "]");
        return lo + nextInt(hi - lo + 1);
    }

    public boolean nextBoolean(double probabilityTrue) {
        return nextDouble() < probabilityTrue;
    }

    /** Fisher–Yates shuffle in place. */
    public void shuffle(int[] a) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** SplitMix64 finaliser: a bijective 64-bit mixer. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
