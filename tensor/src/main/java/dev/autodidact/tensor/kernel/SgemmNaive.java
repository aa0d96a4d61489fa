package dev.autodidact.tensor.kernel;

import dev.autodidact.tensor.Parallel;

/**
 * Plain-loop reference for {@link Sgemm}: one float accumulator per output, summed in the natural
 * k order. It is what the fast kernels are tested against and what runs without the Vector API.
 *
 * <p>Same arguments and semantics as {@link Sgemm#gemm} and {@link Sgemm#gemmBatched}. Rows are
 * spread over the worker pool; every output is computed by the same loop whatever the thread
 * count, so results are bit-identical for 1 or N threads.
 */
public final class SgemmNaive {

    private SgemmNaive() {}

    /** C = alpha·op(A)·op(B) + beta·C, row-major; see {@link Sgemm#gemm}. */
    public static void gemm(boolean transA, boolean transB, int M, int N, int K, float alpha,
                            float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                            float beta, float[] c, int cOff, int ldc) {
        gemmBatched(1, transA, transB, M, N, K, alpha, a, aOff, 0, lda, b, bOff, 0, ldb, beta, c, cOff, 0, ldc);
    }

    /** {@code batch} independent products; a batch stride of 0 broadcasts that operand. */
    public static void gemmBatched(int batch, boolean transA, boolean transB, int M, int N, int K, float alpha,
                                   float[] a, int aOff, int aBatchStride, int lda,
                                   float[] b, int bOff, int bBatchStride, int ldb,
                                   float beta, float[] c, int cOff, int cBatchStride, int ldc) {
        Sgemm.checkArguments("SgemmNaive.gemmBatched", batch, transA, transB, M, N, K,
                a, aOff, aBatchStride, lda, b, bOff, bBatchStride, ldb, c, cOff, cBatchStride, ldc);
        if (batch == 0 || M == 0 || N == 0) return;
        if (alpha == 0f || K == 0) {
            scaleC(batch, M, N, beta, c, cOff, cBatchStride, ldc);
            return;
        }
        // strides of op(A)[m, k] and op(B)[k, n] in their arrays
        int amS = transA ? 1 : lda, akS = transA ? lda : 1;
        int bkS = transB ? 1 : ldb, bnS = transB ? ldb : 1;
        int rows = batch * M;
        int grain = Math.max(1, (int) Math.min(rows, (1L << 16) / Math.max(1L, (long) N * K)));
        Parallel.forRange(rows, grain, (lo, hi) -> {
            for (int r = lo; r < hi; r++) {
                int bt = r / M, m = r % M;
                int ar = aOff + bt * aBatchStride + m * amS;
                int bb = bOff + bt * bBatchStride;
                int cr = cOff + bt * cBatchStride + m * ldc;
                for (int n = 0; n < N; n++) {
                    float s = 0f;
                    int ai = ar, bi = bb + n * bnS;
                    for (int k = 0; k < K; k++, ai += akS, bi += bkS) s += a[ai] * b[bi];
                    float old = c[cr + n];
                    c[cr + n] = beta == 0f ? alpha * s : alpha * s + beta * old;
                }
            }
        });
    }

    /** C = beta·C, where beta == 0 writes zeros even over NaN (BLAS: A and B are not read). */
    static void scaleC(int batch, int M, int N, float beta, float[] c, int cOff, int cBatchStride, int ldc) {
        for (int bt = 0; bt < batch; bt++) {
            for (int m = 0; m < M; m++) {
                int row = cOff + bt * cBatchStride + m * ldc;
                for (int n = 0; n < N; n++) c[row + n] = beta == 0f ? 0f : beta * c[row + n];
            }
        }
    }
}
