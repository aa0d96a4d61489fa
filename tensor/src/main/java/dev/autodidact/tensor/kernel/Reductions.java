package dev.autodidact.tensor.kernel;

import dev.autodidact.tensor.IntTensor;
import dev.autodidact.tensor.Parallel;
import dev.autodidact.tensor.Shapes;
import dev.autodidact.tensor.Simd;
import dev.autodidact.tensor.Tensor;

/**
 * Reductions over one axis. The input is viewed as [outer, R, inner] (R = the reduced axis):
 * with inner = 1 each output is a contiguous row reduced by a SIMD horizontal loop; otherwise
 * whole rows of the R axis are combined column-wise, vectorised across inner. Each output is
 * produced by one thread in a fixed order, so results never depend on the thread count.
 */
public final class Reductions {
    /** How two partial values combine. */
    enum Combine { SUM, MAX, MIN }

    /**
     * Columns per unit of a reduction over a leading axis (bias gradients: [tokens, C] → [C]):
     * 64, so even C = 128 gives both threads a share (at 512 it was one serial unit, 2 ms of an
     * S training step). Each column sums its rows in order whatever the blocking: no bit changes.
     */
    private static final int COLUMN_BLOCK = 64;

    private Reductions() {}

    public static Tensor sum(Tensor x, int axis, boolean keepDim) {
        return reduce("sum", Combine.SUM, x, axis, keepDim);
    }

    public static Tensor mean(Tensor x, int axis, boolean keepDim) {
        int n = x.dim() == 0 ? 1 : x.size(Shapes.axis("mean", axis, x.dim()));
        Tensor s = reduce("mean", Combine.SUM, x, axis, keepDim);
        float[] d = s.data();
        float inv = 1f / n;
        for (int i = 0; i < d.length; i++) d[i] = n == 0 ? Float.NaN : d[i] * inv;
        return s;
    }

    public static Tensor max(Tensor x, int axis, boolean keepDim) {
        return reduce("max", Combine.MAX, x, axis, keepDim);
    }

    public static Tensor min(Tensor x, int axis, boolean keepDim) {
        return reduce("min", Combine.MIN, x, axis, keepDim);
    }

    /** Two-pass variance: mean first, then the mean squared deviation, divided by (R - correction). */
    public static Tensor var(Tensor x, int axis, boolean keepDim, int correction) {
        int a = Shapes.axis("var", axis, x.dim());
        int n = x.size(a);
        Tensor m = mean(x, a, true);
        Tensor d = x.sub(m);
        Tensor s = sum(d.mul(d), a, keepDim);
        return s.div(Math.max(0, n - correction));
    }

    /** log Σ exp(x) along an axis, shifted by the maximum; rows of -∞ give -∞, not NaN. */
    public static Tensor logsumexp(Tensor x, int axis, boolean keepDim) {
        int a = Shapes.axis("logsumexp", axis, x.dim());
        Tensor m = max(x, a, true);
        Tensor finiteM = m.maskedFill(m.abs().eq(Float.POSITIVE_INFINITY), 0f);
        Tensor s = sum(x.sub(finiteM).exp(), a, true).log().add(finiteM);
        return keepDim ? s : s.squeeze(a);
    }

    /** Index of the maximum along an axis; the first one on ties, a NaN counts as the maximum. */
    public static IntTensor argmax(Tensor x, int axis, boolean keepDim) {
        int a = Shapes.axis("argmax", axis, x.dim());
        int[] shape = x.shape();
        int r = shape[a];
        if (r == 0) throw new IllegalArgumentException("argmax: axis " + a + " of " + Shapes.format(shape) + " is empty");
        Tensor c = x.contiguous();
        float[] d = c.data();
        int base = c.offset(), outer = Shapes.product(shape, 0, a), inner = Shapes.product(shape, a + 1, shape.length);
        int[] out = new int[outer * inner];
        Parallel.forRange(outer * inner, Math.max(1, 4096 / r), (lo, hi) -> {
            for (int j = lo; j < hi; j++) {
                int o = j / inner, i = j % inner;
                int p = base + o * r * inner + i;
                int best = 0;
                float bv = d[p];
                for (int k = 1; k < r && bv == bv; k++) {
                    float v = d[p + k * inner];
                    if (v > bv || v != v) { bv = v; best = k; }
                }
                out[j] = best;
            }
        });
        return IntTensor.of(out, Shapes.reduced(shape, a, keepDim));
    }

    private static Tensor reduce(String name, Combine op, Tensor x, int axis, boolean keepDim) {
        if (x.dim() == 0) return x.copy();
        int a = Shapes.axis(name, axis, x.dim());
        int[] shape = x.shape();
        int r = shape[a], outer = Shapes.product(shape, 0, a), inner = Shapes.product(shape, a + 1, shape.length);
        if (r == 0 && op != Combine.SUM) throw new IllegalArgumentException(name + ": axis " + a + " of " + Shapes.format(shape) + " is empty");
        Tensor out = Tensor.zeros(Shapes.reduced(shape, a, keepDim));
        if (r == 0) return out;
        Tensor c = x.contiguous();
        float[] d = c.data(), o = out.data();
        int base = c.offset();
        boolean simd = Simd.enabled();
        if (inner == 1) {
            Parallel.forRange(outer, Math.max(1, 16384 / r), (lo, hi) -> {
                for (int i = lo; i < hi; i++) o[i] = simd ? ReductionsSimd.row(op, d, base + i * r, r) : rowNaive(op, d, base + i * r, r);
            });
        } else {
            int blocks = (inner + COLUMN_BLOCK - 1) / COLUMN_BLOCK;
            Parallel.forRange(outer * blocks, Math.max(1, 16384 / (r * Math.min(inner, COLUMN_BLOCK))), (lo, hi) -> {
                for (int t = lo; t < hi; t++) {
                    int ob = t / blocks, blk = t % blocks;
                    int i0 = blk * COLUMN_BLOCK, len = Math.min(COLUMN_BLOCK, inner - i0);
                    int src = base + ob * r * inner + i0, dst = ob * inner + i0;
                    if (simd) ReductionsSimd.columns(op, d, src, inner, r, o, dst, len);
                    else columnsNaive(op, d, src, inner, r, o, dst, len);
                }
            });
        }
        return out;
    }

    /** Reference: combine n contiguous values left to right. */
    static float rowNaive(Combine op, float[] d, int p, int n) {
        float acc = d[p];
        for (int k = 1; k < n; k++) acc = combine(op, acc, d[p + k]);
        return acc;
    }

    /** Reference: out[j] = combine over k of d[src + k·stride + j], for j < len. */
    static void columnsNaive(Combine op, float[] d, int src, int stride, int r, float[] out, int dst, int len) {
        for (int j = 0; j < len; j++) {
            float acc = d[src + j];
            for (int k = 1; k < r; k++) acc = combine(op, acc, d[src + k * stride + j]);
            out[dst + j] = acc;
        }
    }

    static float combine(Combine op, float a, float b) {
        return switch (op) {
            case SUM -> a + b;
            case MAX -> Math.max(a, b);
            case MIN -> Math.min(a, b);
        };
    }
}
