package dev.autodidact.tensor.kernel;

import dev.autodidact.tensor.Parallel;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Matrix × vector products (M == 1 or N == 1, e.g. batch-1 decode), without packing: they read
 * every matrix element once, so they are bound by memory bandwidth and packing would only add
 * traffic.
 *
 * <p>Both cases are one operation: y[j] = alpha·Σ_k x[k]·W[k, j] + beta·y[j] for j in [0, J),
 * with W[k, j] at {@code w[k*wk + j*wj]}. When W's rows run along j ({@code wj == 1}) the kernel
 * vectorises over j ("axpy form": broadcast x[k], accumulate 4 output vectors in registers); when
 * they run along k ({@code wk == 1}) it vectorises over k ("dot form": 4 dot products at once).
 * Dot products are reduced lane by lane in a fixed order (not {@code reduceLanes}, whose order is
 * unspecified), so results are the same in every JIT tier and for every thread count.
 */
final class GemvKernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Outputs per unit of parallel work: 4 vectors (axpy form) or 4 dot products per group. */
    private static final int J_BLOCK = 4 * L;
    private static final double MIN_FLOPS_PER_CHUNK = 1 << 18;

    /** Rows of W per sweep of the axpy form. */
    private static final int K_BLOCK = 16;

    /** Per-thread scratch: a contiguous copy of a strided x, and partial sums. */
    private static final class Workspace {
        float[] x = new float[1024];
        float[] acc = new float[4096];
    }

    private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);
    private static final ThreadLocal<Job> JOB = ThreadLocal.withInitial(Job::new);

    private GemvKernel() {}

    /** One call's operands in (x, W, y) form, reused per calling thread. */
    private static final class Job implements Parallel.RangeBody {
        boolean busy;
        int J, K, jBlocks;
        float alpha, beta;
        float[] x, w, y;
        int xOff, xBatchStride, incx, wOff, wBatchStride, wk, wj, yOff, yBatchStride, incy;

        @Override
        public void run(int lo, int hi) {
            Workspace ws = WORKSPACE.get();
            for (int u = lo; u < hi; ) {
                int bt = u / jBlocks, jb = u - bt * jBlocks;
                int end = Math.min(hi, u - jb + jBlocks);
                int j0 = jb * J_BLOCK, j1 = Math.min(J, (jb + end - u) * J_BLOCK);
                int xo = xOff + bt * xBatchStride, wo = wOff + bt * wBatchStride, yo = yOff + bt * yBatchStride;
                if (wj == 1 && J > 1) {
                    axpyForm(ws, j0, j1, K, alpha, x, xo, incx, w, wo, wk, beta, y, yo, incy);
                } else {
                    float[] xs = x;
                    if (incx != 1) {
                        if (ws.x.length < K) ws.x = new float[K];
                        for (int k = 0; k < K; k++) ws.x[k] = x[xo + k * incx];
                        xs = ws.x;
                        xo = 0;
                    }
                    dotForm(ws, j0, j1, K, alpha, xs, xo, w, wo, wk, wj, beta, y, yo, incy);
                }
                u = end;
            }
        }
    }

    /** Arguments as {@link Sgemm#gemmBatched} with M == 1 or N == 1, already checked; alpha != 0, K >= 1. */
    static void gemvBatched(int batch, boolean transA, boolean transB, int M, int N, int K, float alpha,
                            float[] a, int aOff, int aBatchStride, int lda,
                            float[] b, int bOff, int bBatchStride, int ldb,
                            float beta, float[] c, int cOff, int cBatchStride, int ldc) {
        Job job = acquire();
        if (M == 1) {
            // y = C row 0 (J = N), x[k] = op(A)[0, k], W[k, j] = op(B)[k, j]
            job.J = N;
            job.x = a; job.xOff = aOff; job.xBatchStride = aBatchStride; job.incx = transA ? lda : 1;
            job.w = b; job.wOff = bOff; job.wBatchStride = bBatchStride;
            job.wk = transB ? 1 : ldb; job.wj = transB ? ldb : 1;
            job.y = c; job.yOff = cOff; job.yBatchStride = cBatchStride; job.incy = 1;
        } else {
            // y = C column 0 (J = M), x[k] = op(B)[k, 0], W[k, j] = op(A)[j, k]
            job.J = M;
            job.x = b; job.xOff = bOff; job.xBatchStride = bBatchStride; job.incx = transB ? 1 : ldb;
            job.w = a; job.wOff = aOff; job.wBatchStride = aBatchStride;
            job.wk = transA ? lda : 1; job.wj = transA ? 1 : lda;
            job.y = c; job.yOff = cOff; job.yBatchStride = cBatchStride; job.incy = ldc;
        }
        if (job.J == 1 && job.wj == 1) job.wj = 0; // a single output: no row layout to vectorise over
        launch(job, batch, K, alpha, beta);
    }

    private static Job acquire() {
        Job job = JOB.get();
        if (job.busy) job = new Job(); // re-entered from inside a call on this thread: rare, keep it correct
        job.busy = true;
        return job;
    }

    private static void launch(Job job, int batch, int K, float alpha, float beta) {
        job.K = K; job.alpha = alpha; job.beta = beta;
        job.jBlocks = (job.J + J_BLOCK - 1) / J_BLOCK;
        int units = batch * job.jBlocks; // <= batch·J <= c.length: the C views do not overlap
        double unitFlops = 2.0 * Math.min(job.J, J_BLOCK) * K;
        int grain = (int) Math.max(1, Math.min(units, Math.ceil(MIN_FLOPS_PER_CHUNK / unitFlops)));
        try {
            Parallel.forRange(units, grain, job);
        } finally {
            job.x = null; job.w = null; job.y = null;
            job.busy = false;
        }
    }

    /**
     * W rows run along j: y[j0:j1] = alpha·Σ_k x[k]·W[k, j0:j1] + beta·y. K is walked in blocks of
     * K_BLOCK rows and each block sweeps the whole j range, so W streams through memory row by
     * row (the prefetchers follow a few long runs, instead of one short run per page); the
     * partial sums wait in {@code acc}, which changes nothing in the per-element order of the
     * fused multiply-adds.
     */
    private static void axpyForm(Workspace ws, int j0, int j1, int K, float alpha, float[] x, int xo, int incx,
                                 float[] w, int wo, int wk, float beta, float[] y, int yo, int incy) {
        int n = j1 - j0;
        if (ws.acc.length < n) ws.acc = new float[n];
        float[] acc = ws.acc;
        for (int k0 = 0; k0 < K; k0 += K_BLOCK) {
            int k1 = Math.min(K, k0 + K_BLOCK);
            boolean first = k0 == 0;
            int j = 0;
            for (; j + 4 * L <= n; j += 4 * L) {
                FloatVector s0, s1, s2, s3;
                if (first) {
                    s0 = FloatVector.zero(S); s1 = s0; s2 = s0; s3 = s0;
                } else {
                    s0 = FloatVector.fromArray(S, acc, j);
                    s1 = FloatVector.fromArray(S, acc, j + L);
                    s2 = FloatVector.fromArray(S, acc, j + 2 * L);
                    s3 = FloatVector.fromArray(S, acc, j + 3 * L);
                }
                for (int k = k0, xi = xo + k0 * incx, wi = wo + k0 * wk + j0 + j; k < k1; k++, xi += incx, wi += wk) {
                    FloatVector xk = FloatVector.broadcast(S, x[xi]);
                    s0 = xk.fma(FloatVector.fromArray(S, w, wi), s0);
                    s1 = xk.fma(FloatVector.fromArray(S, w, wi + L), s1);
                    s2 = xk.fma(FloatVector.fromArray(S, w, wi + 2 * L), s2);
                    s3 = xk.fma(FloatVector.fromArray(S, w, wi + 3 * L), s3);
                }
                s0.intoArray(acc, j);
                s1.intoArray(acc, j + L);
                s2.intoArray(acc, j + 2 * L);
                s3.intoArray(acc, j + 3 * L);
            }
            for (; j + L <= n; j += L) {
                FloatVector s0 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, acc, j);
                for (int k = k0, xi = xo + k0 * incx, wi = wo + k0 * wk + j0 + j; k < k1; k++, xi += incx, wi += wk) {
                    s0 = FloatVector.broadcast(S, x[xi]).fma(FloatVector.fromArray(S, w, wi), s0);
                }
                s0.intoArray(acc, j);
            }
            for (; j < n; j++) {
                // Math.fma rounds exactly like one lane of the vector fma above
                float s = first ? 0f : acc[j];
                for (int k = k0, xi = xo + k0 * incx, wi = wo + k0 * wk + j0 + j; k < k1; k++, xi += incx, wi += wk) {
                    s = Math.fma(x[xi], w[wi], s);
                }
                acc[j] = s;
            }
        }
        int j = 0;
        if (incy == 1) {
            for (; j + L <= n; j += L) {
                FloatVector r = FloatVector.fromArray(S, acc, j).mul(alpha);
                if (beta != 0f) r = r.add(FloatVector.fromArray(S, y, yo + j0 + j).mul(beta));
                r.intoArray(y, yo + j0 + j);
            }
        }
        for (; j < n; j++) {
            int yi = yo + (j0 + j) * incy;
            y[yi] = beta == 0f ? alpha * acc[j] : alpha * acc[j] + beta * y[yi];
        }
    }

    /** W rows run along k (or J == 1): dot products of x with W[:, j], four at a time. */
    private static void dotForm(Workspace ws, int j0, int j1, int K, float alpha, float[] x, int xo,
                                float[] w, int wo, int wk, int wj, float beta, float[] y, int yo, int incy) {
        if (wk != 1) {
            // both operands strided (a 1×1 product of strided views): plain loop
            for (int j = j0; j < j1; j++) {
                float s = 0f;
                for (int k = 0; k < K; k++) s = Math.fma(x[xo + k], w[wo + k * wk + j * wj], s);
                int yi = yo + j * incy;
                y[yi] = beta == 0f ? alpha * s : alpha * s + beta * y[yi];
            }
            return;
        }
        int kv = K / L * L;
        int j = j0;
        for (; j + 4 <= j1; j += 4) {
            int w0 = wo + j * wj, w1 = w0 + wj, w2 = w1 + wj, w3 = w2 + wj;
            FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
            for (int k = 0; k < kv; k += L) {
                FloatVector xv = FloatVector.fromArray(S, x, xo + k);
                s0 = xv.fma(FloatVector.fromArray(S, w, w0 + k), s0);
                s1 = xv.fma(FloatVector.fromArray(S, w, w1 + k), s1);
                s2 = xv.fma(FloatVector.fromArray(S, w, w2 + k), s2);
                s3 = xv.fma(FloatVector.fromArray(S, w, w3 + k), s3);
            }
            finishDot(VecMath.sumLanes(s0), x, xo, w, w0, kv, K, alpha, beta, y, yo + j * incy);
            finishDot(VecMath.sumLanes(s1), x, xo, w, w1, kv, K, alpha, beta, y, yo + (j + 1) * incy);
            finishDot(VecMath.sumLanes(s2), x, xo, w, w2, kv, K, alpha, beta, y, yo + (j + 2) * incy);
            finishDot(VecMath.sumLanes(s3), x, xo, w, w3, kv, K, alpha, beta, y, yo + (j + 3) * incy);
        }
        for (; j < j1; j++) {
            int w0 = wo + j * wj;
            FloatVector s0 = FloatVector.zero(S);
            for (int k = 0; k < kv; k += L) {
                s0 = FloatVector.fromArray(S, x, xo + k).fma(FloatVector.fromArray(S, w, w0 + k), s0);
            }
            finishDot(VecMath.sumLanes(s0), x, xo, w, w0, kv, K, alpha, beta, y, yo + j * incy);
        }
    }

    // Lane permutations i -> i ^ d: adding a vector to its permutation sums lanes d apart.

    /** Adds the k tail to the lane sum and stores alpha·s + beta·y. */
    private static void finishDot(float s, float[] x, int xo, float[] w, int wr, int kv, int K,
                                  float alpha, float beta, float[] y, int yi) {
        for (int k = kv; k < K; k++) s = Math.fma(x[xo + k], w[wr + k], s);
        y[yi] = beta == 0f ? alpha * s : alpha * s + beta * y[yi];
    }
}
