package dev.autodidact.transformer;

import dev.autodidact.autograd.Var;
import dev.autodidact.tensor.Parallel;
import dev.autodidact.tensor.Shapes;
import dev.autodidact.tensor.Tensor;

/**
 * Heads out of the fused qkv projection in one copy: y [B, T, W] → [B, n, T, hs], the n heads
 * that start at head {@code first} of each row (W = (H + 2·KVH)·hs), contiguous. The composition
 * {@code y.narrow(2, first·hs, n·hs).reshape(B, T, n, hs).permute(0, 2, 1, 3)} gives the same
 * values but costs a reshape copy and another contiguous copy in the attention op; backward
 * writes the gradient rows back into the [B, T, n·hs] region of dy (one copy, one region add).
 */
final class HeadSplit {
    private HeadSplit() {}

    static Var heads(Var y, int first, int n, int hs) {
        int[] s = y.shape();
        if (s.length != 3 || (first + n) * hs > s[2]) {
            throw new IllegalArgumentException("heads: input " + Shapes.format(s) + " has no heads " + first + ".." + (first + n - 1) + " of size " + hs);
        }
        int b = s[0], t = s[1], w = s[2];
        Tensor yc = y.value().contiguous();
        float[] src = yc.data();
        int so = yc.offset();
        Tensor out = Tensor.uninitialized(b, n, t, hs);                           // [B, n, T, hs], every element written below
        float[] o = out.data();
        Parallel.forRange(b * n, Math.max(1, 16384 / Math.max(1, t * hs)), (lo, hi) -> {
            for (int bh = lo; bh < hi; bh++) {
                int bi = bh / n, h = bh % n;
                for (int ti = 0; ti < t; ti++) System.arraycopy(src, so + (bi * t + ti) * w + (first + h) * hs, o, (bh * t + ti) * hs, hs);
            }
        });
        return Var.op("heads", out, g -> {
            Tensor gc = g.contiguous();
            float[] gs = gc.data();
            int go = gc.offset();
            Tensor back = Tensor.uninitialized(b, t, n * hs);                     // [B, T, n·hs], every element written below
            float[] d = back.data();
            Parallel.forRange(b * n, Math.max(1, 16384 / Math.max(1, t * hs)), (lo, hi) -> {
                for (int bh = lo; bh < hi; bh++) {
                    int bi = bh / n, h = bh % n;
                    for (int ti = 0; ti < t; ti++) System.arraycopy(gs, go + (bh * t + ti) * hs, d, (bi * t + ti) * n * hs + h * hs, hs);
                }
            });
            y.accumulateRegion(dy -> dy.narrow(2, first * hs, n * hs), back);
        }, y);
    }
}
