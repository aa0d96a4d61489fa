package dev.autodidact.tensor.kernel;

import dev.autodidact.tensor.Shapes;
import dev.autodidact.tensor.Tensor;

import java.util.Arrays;

/**
 * Tensor-level matrix product: op(A)·op(B) over the last two axes, broadcasting leading (batch)
 * axes, with op = transpose when its flag is set. Views whose last two axes are row- or
 * column-major go to {@link Sgemm} without a copy (a transposed view simply flips the flag).
 */
public final class Matmul {
    private Matmul() {}

    public static Tensor matmul(Tensor a, Tensor b, boolean transA, boolean transB) {
        var plan = plan(a, b, transA, transB);
        Tensor out = Tensor.uninitialized(plan.outShape);
        run(plan, a, b, out, 1f, 0f);
        return out;
    }

    /**
     * out = alpha·op(a)·op(b) + beta·out, into a preallocated contiguous tensor of the product's
     * shape (beta = 1 accumulates, as gradient accumulation needs).
     */
    public static void matmulInto(Tensor a, Tensor b, boolean transA, boolean transB, Tensor out, float alpha, float beta) {
        var plan = plan(a, b, transA, transB);
        Elementwise.requireContiguousOut("matmul", out, plan.outShape);
        run(plan, a, b, out, alpha, beta);
    }

    /** Shapes of one product: batch shape, M, K, N. */
    private record Plan(int[] batch, int m, int k, int n, int[] outShape, boolean transA, boolean transB) {}

    private static Plan plan(Tensor a, Tensor b, boolean transA, boolean transB) {
        int[] as = a.shape(), bs = b.shape();
        if (as.length < 2 || bs.length < 2) {
            throw new IllegalArgumentException("matmul: " + Shapes.format(as) + " x " + Shapes.format(bs) + ": both operands need at least 2 dimensions");
        }
        int m = transA ? as[as.length - 1] : as[as.length - 2];
        int ka = transA ? as[as.length - 2] : as[as.length - 1];
        int kb = transB ? bs[bs.length - 1] : bs[bs.length - 2];
        int n = transB ? bs[bs.length - 2] : bs[bs.length - 1];
        if (ka != kb) {
            throw new IllegalArgumentException("matmul: " + Shapes.format(as) + (transA ? "ᵀ" : "") + " x " + Shapes.format(bs) + (transB ? "ᵀ" : "")
                    + ": inner dimensions " + ka + " and " + kb + " differ");
        }
        int[] batch;
        try {
            batch = Shapes.broadcast("matmul", Arrays.copyOf(as, as.length - 2), Arrays.copyOf(bs, bs.length - 2));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("matmul: " + Shapes.format(as) + " x " + Shapes.format(bs) + ": batch dimensions do not broadcast", e);
        }
        int[] out = Arrays.copyOf(batch, batch.length + 2);
        out[batch.length] = m;
        out[batch.length + 1] = n;
        return new Plan(batch, m, ka, n, out, transA, transB);
    }

    /** How one operand is laid out for Sgemm: array, offset, batch stride, leading dimension, transpose flag. */
    private record Operand(float[] data, int offset, int batchStride, int ld, boolean trans) {}

    private static void run(Plan p, Tensor a, Tensor b, Tensor out, float alpha, float beta) {
        int batch = Shapes.numel(p.batch);
        if (batch == 0 || p.m == 0 || p.n == 0) return;
        Operand oa = operand(a, p.batch, p.transA);
        Operand ob = operand(b, p.batch, p.transB);
        float[] c = out.data();
        if (batch == 1) {
            Sgemm.gemm(oa.trans, ob.trans, p.m, p.n, p.k, alpha, oa.data, oa.offset, oa.ld, ob.data, ob.offset, ob.ld, beta, c, out.offset(), p.n);
        } else {
            Sgemm.gemmBatched(batch, oa.trans, ob.trans, p.m, p.n, p.k, alpha, oa.data, oa.offset, oa.batchStride, oa.ld,
                    ob.data, ob.offset, ob.batchStride, ob.ld, beta, c, out.offset(), p.m * p.n, p.n);
        }
    }

    /**
     * Expresses t (broadcast to the batch shape) as a strided batch of row-major matrices,
     * copying only when the view's strides cannot be described that way.
     */
    private static Operand operand(Tensor t, int[] batch, boolean trans) {
        int r = t.dim();
        int rows = t.size(r - 2), cols = t.size(r - 1);
        int[] fullShape = Arrays.copyOf(batch, batch.length + 2);
        fullShape[batch.length] = rows;
        fullShape[batch.length + 1] = cols;
        Tensor e = t.expand(fullShape);
        for (int attempt = 0; attempt < 2; attempt++) {
            int[] st = e.strides();
            int sr = st[st.length - 2], sc = st[st.length - 1];
            int bstride = collapsedBatchStride(fullShape, st, batch.length);
            if (bstride >= 0) {
                // Row-major: (i, j) at i·sr + j. Column-major is a row-major transpose: (i, j) at j·sc + i.
                if ((sc == 1 || cols == 1) && (sr >= cols || rows == 1)) return new Operand(e.data(), e.offset(), bstride, rows == 1 ? cols : sr, trans);
                if ((sr == 1 || rows == 1) && (sc >= rows || cols == 1)) return new Operand(e.data(), e.offset(), bstride, cols == 1 ? rows : sc, !trans);
            }
            e = e.contiguous();
        }
        throw new IllegalStateException("matmul: could not lay out operand of shape " + Shapes.format(t.shape()));
    }

    /** The single stride that steps through all batch axes in order, or -1 if there is none. */
    private static int collapsedBatchStride(int[] shape, int[] strides, int nb) {
        int stride = -1;
        int expectNext = -1;
        for (int i = nb - 1; i >= 0; i--) {
            if (shape[i] == 1) continue;
            if (stride < 0) {
                stride = strides[i];
                expectNext = strides[i] * shape[i];
            } else {
                if (strides[i] != expectNext) return -1;
                expectNext = strides[i] * shape[i];
            }
        }
        return stride < 0 ? 0 : stride;
    }
}
