package dev.autodidact.autograd.fused;

import dev.autodidact.autograd.Var;
import dev.autodidact.tensor.Parallel;
import dev.autodidact.tensor.Tensor;
import dev.autodidact.tensor.random.Rng;

/**
 * Inverted dropout with a seeded mask: each element is kept with probability 1 − p and scaled
 * by 1/(1 − p). The mask depends only on (seed, key) — blocks of {@link #BLOCK} elements draw
 * from {@code Rng.derive(seed, key, block)} — never on the thread count. Backward multiplies the
 * gradient by the same saved mask.
 */
public final class DropoutOp {
    static final int BLOCK = 4096;

    private DropoutOp() {}

    public static Var dropout(Var x, float p, long seed, long key) {
        if (!(p >= 0f && p < 1f)) throw new IllegalArgumentException("dropout: probability must be in [0, 1), got " + p);
        if (p == 0f) return x;
        Tensor mask = mask(x.shape(), p, seed, key);
        return Var.op("dropout", x.value().mul(mask), g -> x.accumulate(g.mul(mask)), x);
    }

    /** The scaled keep mask: 0 or 1/(1 − p). */
    public static Tensor mask(int[] shape, float p, long seed, long key) {
        Tensor m = Tensor.zeros(shape);
        float[] d = m.data();
        float scale = 1f / (1f - p);
        int blocks = (d.length + BLOCK - 1) / BLOCK;
        Parallel.forRange(blocks, 4, (lo, hi) -> {
            for (int blk = lo; blk < hi; blk++) {
                Rng r = Rng.derive(seed, key, blk);
                int end = Math.min(d.length, (blk + 1) * BLOCK);
                for (int i = blk * BLOCK; i < end; i++) d[i] = r.nextFloat() < p ? 0f : scale;
            }
        });
        return m;
    }
}
