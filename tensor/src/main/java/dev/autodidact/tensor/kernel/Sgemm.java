package dev.autodidact.tensor.kernel;

import dev.autodidact.tensor.Simd;

/**
 * Single-precision matrix multiply, row-major and BLAS-like: C = alpha·op(A)·op(B) + beta·C.
 *
 * <p>Shapes: op(A) is M×K, op(B) is K×N, C is M×N. Without transposition A is stored M×K with
 * element (m, k) at {@code a[aOff + m*lda + k]}; with {@code transA} it is stored K×M and element
 * (k, m) of the stored matrix is at {@code a[aOff + k*lda + m]}. B likewise (stored K×N, or N×K
 * when {@code transB}). C is stored M×N with element (m, n) at {@code c[cOff + m*ldc + n]}.
 * When beta is 0 the old contents of C are never read (NaN in C does not leak into the result);
 * when alpha is 0 or K is 0, A and B are not read and C becomes beta·C.
 *
 * <p>Dispatch: with the Vector API enabled ({@link Simd#enabled()}) one-row and one-column
 * products go to {@code GemvKernel} (no packing) and everything else to the packed, register-tiled
 * {@code SgemmPacked}; otherwise to {@link SgemmNaive}. All paths are deterministic, and their
 * results do not depend on the thread count: work is split over output tiles only, never over K.
 * C must not overlap A or B.
 */
public final class Sgemm {

    private Sgemm() {}

    /** C = alpha·op(A)·op(B) + beta·C for one product; see the class comment for the layout. */
    public static void gemm(boolean transA, boolean transB, int M, int N, int K, float alpha,
                            float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                            float beta, float[] c, int cOff, int ldc) {
        gemmBatched(1, transA, transB, M, N, K, alpha, a, aOff, 0, lda, b, bOff, 0, ldb, beta, c, cOff, 0, ldc);
    }

    /**
     * {@code batch} independent products; product i reads A at {@code aOff + i*aBatchStride}, B at
     * {@code bOff + i*bBatchStride} and writes C at {@code cOff + i*cBatchStride}. A batch stride
     * of 0 broadcasts that operand (e.g. one weight matrix against many activations). Work is
     * spread over batch × output tiles, so many small products (attention) use every thread.
     */
    public static void gemmBatched(int batch, boolean transA, boolean transB, int M, int N, int K, float alpha,
                                   float[] a, int aOff, int aBatchStride, int lda,
                                   float[] b, int bOff, int bBatchStride, int ldb,
                                   float beta, float[] c, int cOff, int cBatchStride, int ldc) {
        if (!Simd.enabled()) {
            SgemmNaive.gemmBatched(batch, transA, transB, M, N, K, alpha, a, aOff, aBatchStride, lda,
                    b, bOff, bBatchStride, ldb, beta, c, cOff, cBatchStride, ldc);
            return;
        }
        checkArguments("Sgemm.gemmBatched", batch, transA, transB, M, N, K,
                a, aOff, aBatchStride, lda, b, bOff, bBatchStride, ldb, c, cOff, cBatchStride, ldc);
        if (batch == 0 || M == 0 || N == 0) return;
        if (alpha == 0f || K == 0) {
            SgemmNaive.scaleC(batch, M, N, beta, c, cOff, cBatchStride, ldc);
            return;
        }
        if (M == 1 || N == 1) {
            GemvKernel.gemvBatched(batch, transA, transB, M, N, K, alpha, a, aOff, aBatchStride, lda,
                    b, bOff, bBatchStride, ldb, beta, c, cOff, cBatchStride, ldc);
        } else {
            SgemmPacked.gemmBatched(batch, transA, transB, M, N, K, alpha, a, aOff, aBatchStride, lda,
                    b, bOff, bBatchStride, ldb, beta, c, cOff, cBatchStride, ldc);
        }
    }

    /** Floating-point operations of one call (2·M·N·K per product), for throughput reports. */
    public static double flops(int batch, int M, int N, int K) {
        return 2.0 * batch * M * N * (double) K;
    }

    /**
     * Rejects arguments that would read or write outside the arrays, so a bad view fails with a
     * sentence here instead of an index exception (or silent damage) deep inside a kernel.
     */
    static void checkArguments(String who, int batch, boolean transA, boolean transB, int M, int N, int K,
                               float[] a, int aOff, int aBatchStride, int lda,
                               float[] b, int bOff, int bBatchStride, int ldb,
                               float[] c, int cOff, int cBatchStride, int ldc) {
        if (batch < 0 || M < 0 || N < 0 || K < 0) {
            throw new IllegalArgumentException(who + ": sizes must be non-negative, got batch=" + batch
                    + " M=" + M + " N=" + N + " K=" + K);
        }
        if (batch == 0 || M == 0 || N == 0) return;
        checkMatrix(who, "C", c, cOff, cBatchStride, ldc, batch, M, N);
        if (batch > 1 && cBatchStride < (long) (M - 1) * ldc + N) {
            throw new IllegalArgumentException(who + ": C batch stride " + cBatchStride + " makes the " + M + "x" + N
                    + " outputs (ldc " + ldc + ") of different batch entries overlap");
        }
        if (K == 0) return;
        checkMatrix(who, "A", a, aOff, aBatchStride, lda, batch, transA ? K : M, transA ? M : K);
        checkMatrix(who, "B", b, bOff, bBatchStride, ldb, batch, transB ? N : K, transB ? K : N);
    }

    private static void checkMatrix(String who, String name, float[] x, int off, int batchStride, int ld,
                                    int batch, int rows, int cols) {
        if (x == null) throw new IllegalArgumentException(who + ": " + name + " is null");
        if (off < 0 || batchStride < 0) {
            throw new IllegalArgumentException(who + ": " + name + " offset " + off + " and batch stride "
                    + batchStride + " must be non-negative");
        }
        if (rows > 1 && ld < cols) {
            throw new IllegalArgumentException(who + ": " + name + " is stored " + rows + "x" + cols
                    + " but its leading dimension " + ld + " is smaller than its row length " + cols);
        }
        long last = off + (long) (batch - 1) * batchStride + (long) (rows - 1) * ld + cols - 1;
        if (last >= x.length) {
            throw new IllegalArgumentException(who + ": " + name + " is stored " + rows + "x" + cols + " (leading dimension "
                    + ld + ", offset " + off + ", batch " + batch + " x stride " + batchStride + ") and needs "
                    + (last + 1) + " elements, but its array has " + x.length);
        }
    }
}
