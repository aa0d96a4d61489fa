package dev.autodidact.tensor.kernel;

import dev.autodidact.tensor.Parallel;
import dev.autodidact.tensor.Simd;
import dev.autodidact.tensor.Tensor;

/**
 * Softmax and log-softmax over the last axis, shifted by the row maximum so that logits of any
 * magnitude stay finite. A NaN anywhere in a row makes the whole row NaN; a row of only -∞
 * (everything masked) is NaN too, as in PyTorch — mask at least one position.
 */
public final class Softmax {
    private Softmax() {}

    public static Tensor softmax(Tensor x) {
        Tensor out = Tensor.uninitialized(x.shape());
        softmaxInto(x, out);
        return out;
    }

    public static Tensor logSoftmax(Tensor x) {
        Tensor out = Tensor.uninitialized(x.shape());
        logSoftmaxInto(x, out);
        return out;
    }

    /** out = softmax(x) along the last axis; out contiguous with x's shape. Allocates nothing for contiguous x. */
    public static void softmaxInto(Tensor x, Tensor out) {
        run("softmax", x, out, false);
    }

    public static void logSoftmaxInto(Tensor x, Tensor out) {
        run("logSoftmax", x, out, true);
    }

    private static void run(String name, Tensor x, Tensor out, boolean log) {
        if (x.dim() == 0) throw new IllegalArgumentException(name + ": needs at least one axis, got a scalar");
        Elementwise.requireContiguousOut(name, out, x.shape());
        Tensor c = x.contiguous();
        int n = x.size(-1), rows = n == 0 ? 0 : x.numel() / n;
        float[] in = c.data(), o = out.data();
        int base = c.offset(), ob = out.offset();
        boolean simd = Simd.enabled();
        Parallel.forRange(rows, Math.max(1, 8192 / Math.max(1, n)), (lo, hi) -> {
            for (int r = lo; r < hi; r++) {
                int p = base + r * n, q = ob + r * n;
                if (simd) {
                    if (log) SoftmaxSimd.logSoftmaxRow(in, p, o, q, n);
                    else SoftmaxSimd.softmaxRow(in, p, o, q, n);
                } else {
                    if (log) logSoftmaxRowNaive(in, p, o, q, n);
                    else softmaxRowNaive(in, p, o, q, n);
                }
            }
        });
    }

    /** Reference softmax of one row. */
    public static void softmaxRowNaive(float[] x, int p, float[] out, int q, int n) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) max = Math.max(max, x[p + i]);
        float sum = 0;
        for (int i = 0; i < n; i++) {
            float e = (float) Math.exp(x[p + i] - max);
            out[q + i] = e;
            sum += e;
        }
        float inv = 1f / sum;
        for (int i = 0; i < n; i++) out[q + i] *= inv;
    }

    /** Reference log-softmax of one row. */
    public static void logSoftmaxRowNaive(float[] x, int p, float[] out, int q, int n) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) max = Math.max(max, x[p + i]);
        float sum = 0;
        for (int i = 0; i < n; i++) sum += (float) Math.exp(x[p + i] - max);
        float lse = max + (float) Math.log(sum);
        for (int i = 0; i < n; i++) out[q + i] = x[p + i] - lse;
    }
}
