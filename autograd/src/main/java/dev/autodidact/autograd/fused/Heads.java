package dev.autodidact.autograd.fused;

import dev.autodidact.autograd.Var;
import dev.autodidact.tensor.Parallel;
import dev.autodidact.tensor.Shapes;
import dev.autodidact.tensor.Tensor;

/**
 * Moves between the token-major layout of projections, [B, T, heads·hs], and the head-major
 * layout attention works in, [B, heads, T, hs], with one copy loop each way (runs of hs floats)
 * instead of views that every later kernel would have to copy again.
 *
 * <p>{@link #splitQkv} reads a fused projection laid out as [q heads | k heads | v heads] along
 * the last axis (PyTorch's {@code qkv.split(C, dim=2)} then {@code view(B, T, H, hs)}); its three
 * backward passes add into disjoint column ranges of one gradient buffer of the projection.
 */
public final class Heads {
    private Heads() {}

    /** qkv [B, T, (H + 2·Hkv)·hs] → {q [B, H, T, hs], k [B, Hkv, T, hs], v [B, Hkv, T, hs]}. */
    public static Var[] splitQkv(Var qkv, int heads, int kvHeads) {
        int[] s = qkv.shape();
        int width = heads + 2 * kvHeads;
        if (s.length != 3 || heads <= 0 || kvHeads <= 0 || s[2] % width != 0) {
            throw new IllegalArgumentException("splitQkv: input " + Shapes.format(s) + " must be [B, T, (H + 2·Hkv)·hs] with H = " + heads + ", Hkv = " + kvHeads);
        }
        int hs = s[2] / width;
        return new Var[] {part("q", qkv, 0, heads, hs), part("k", qkv, heads * hs, kvHeads, hs), part("v", qkv, (heads + kvHeads) * hs, kvHeads, hs)};
    }

    /** x [B, T, heads·hs] → [B, heads, T, hs]. */
    public static Var split(Var x, int heads) {
        int[] s = x.shape();
        if (s.length != 3 || heads <= 0 || s[2] % heads != 0) {
            throw new IllegalArgumentException("split: input " + Shapes.format(s) + " must be [B, T, heads·hs] with heads = " + heads);
        }
        return part("split", x, 0, heads, s[2] / heads);
    }

    /** Columns [from, from + n·hs) of x [B, T, W] as [B, n, T, hs]. */
    private static Var part(String name, Var x, int from, int n, int hs) {
        int[] s = x.shape();
        int b = s[0], t = s[1], w = s[2];
        Tensor xc = x.value().contiguous();
        float[] xs = xc.data();
        int xo = xc.offset();
        Tensor out = Tensor.uninitialized(b, n, t, hs);
        float[] o = out.data();
        Parallel.forRange(b * n, Math.max(1, 16384 / Math.max(1, t * hs)), (lo, hi) -> {
            for (int bh = lo; bh < hi; bh++) {
                int bi = bh / n, h = bh % n;
                for (int ti = 0; ti < t; ti++) System.arraycopy(xs, xo + (bi * t + ti) * w + from + h * hs, o, (bh * t + ti) * hs, hs);
            }
        });
        return Var.op(name, out, g -> {
            Tensor buf = x.gradBuffer();  // [B, T, W], contiguous; other parts add into other columns
            if (buf == null) return;
            Tensor gc = g.contiguous();
            float[] gs = gc.data(), d = buf.data();
            int go = gc.offset();
            Parallel.forRange(b * n, Math.max(1, 16384 / Math.max(1, t * hs)), (lo, hi) -> {
                for (int bh = lo; bh < hi; bh++) {
                    int bi = bh / n, h = bh % n;
                    for (int ti = 0; ti < t; ti++) {
                        int dst = (bi * t + ti) * w + from + h * hs, src = go + (bh * t + ti) * hs;
                        for (int j = 0; j < hs; j++) d[dst + j] += gs[src + j];
                    }
                }
            });
        }, x);
    }

    /** o [B, H, T, hs] → [B, T, H·hs]. */
    public static Var merge(Var o) {
        int[] s = o.shape();
        if (s.length != 4) throw new IllegalArgumentException("merge: input " + Shapes.format(s) + " must be [B, H, T, hs]");
        int b = s[0], n = s[1], t = s[2], hs = s[3], w = n * hs;
        Tensor oc = o.value().contiguous();
        Tensor out = Tensor.uninitialized(b, t, w);
        moveHeads(oc.data(), oc.offset(), out.data(), b, n, t, hs, true);
        return Var.op("mergeHeads", out, g -> {
            Tensor gc = g.contiguous();
            Tensor d = Tensor.uninitialized(b, n, t, hs);
            moveHeads(gc.data(), gc.offset(), d.data(), b, n, t, hs, false);
            o.accumulateFresh(d);
        }, o);
    }

    /** toTokens: [B, H, T, hs] (src) → [B, T, H·hs] (dst); otherwise the reverse. */
    private static void moveHeads(float[] src, int so, float[] dst, int b, int n, int t, int hs, boolean toTokens) {
        int w = n * hs;
        Parallel.forRange(b * n, Math.max(1, 16384 / Math.max(1, t * hs)), (lo, hi) -> {
            for (int bh = lo; bh < hi; bh++) {
                int bi = bh / n, h = bh % n;
                for (int ti = 0; ti < t; ti++) {
                    int headMajor = (bh * t + ti) * hs, tokenMajor = (bi * t + ti) * w + h * hs;
                    if (toTokens) System.arraycopy(src, so + headMajor, dst, tokenMajor, hs);
                    else System.arraycopy(src, so + tokenMajor, dst, headMajor, hs);
                }
            }
        });
    }
}
