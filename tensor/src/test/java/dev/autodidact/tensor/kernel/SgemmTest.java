package dev.autodidact.tensor.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.autodidact.tensor.Parallel;
import dev.autodidact.tensor.Simd;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Sgemm against a double-precision reference, the vector path against {@link SgemmNaive}, and
 * the threaded path against the single-threaded one, bit for bit.
 *
 * <p>Tolerance: a float sum of K products has an error of at most about K·u·Σ|a_ik·b_kj|
 * (u = 2^-24 ≈ 6e-8, "Accuracy and Stability of Numerical Algorithms", Higham, §3.1) and
 * typically √K·u·Σ|a_ik·b_kj| for random signs. We allow 1e-5·√K·Σ|a_ik·b_kj|·|alpha|, which
 * covers even the worst-case bound for K up to (1e-5/u)² ≈ 27,000, plus a few ulps of the final
 * alpha·s + beta·c. A wrong or missing product term moves the result by ~Σ|ab|/K, far more.
 */
class SgemmTest {

    /** One product (or batch of products) in a padded, offset layout. */
    record Case(int batch, boolean transA, boolean transB, int M, int N, int K, float alpha, float beta,
                int pad, int off, boolean broadcastA, boolean broadcastB) {
        int lda() { return (transA ? M : K) + pad; }
        int ldb() { return (transB ? K : N) + pad; }
        int ldc() { return N + pad; }
        int aSize() { return (transA ? K : M) * lda(); }
        int bSize() { return (transB ? N : K) * ldb(); }
        int cSize() { return M * ldc(); }
        int aStride() { return broadcastA ? 0 : aSize() + 1; }
        int bStride() { return broadcastB ? 0 : bSize() + 3; }
        int cStride() { return cSize() + 2; }

        @Override
        public String toString() {
            return "batch " + batch + " " + (transA ? "T" : "N") + (transB ? "T" : "N") + " M=" + M + " N=" + N + " K=" + K
                    + " alpha=" + alpha + " beta=" + beta + " pad=" + pad + " off=" + off
                    + (broadcastA ? " broadcastA" : "") + (broadcastB ? " broadcastB" : "");
        }
    }

    /** Inputs of a case, and C before the call. */
    record Data(float[] a, float[] b, float[] c0) {}

    private static final float SENTINEL = -12345.5f;

    private static Data data(Case t, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] a = new float[t.off + (t.batch - 1) * t.aStride() + t.aSize() + 4];
        float[] b = new float[t.off + (t.batch - 1) * t.bStride() + t.bSize() + 4];
        float[] c = new float[t.off + (t.batch - 1) * t.cStride() + t.cSize() + 4];
        for (int i = 0; i < a.length; i++) a[i] = (float) (rnd.nextDouble() * 2 - 1);
        for (int i = 0; i < b.length; i++) b[i] = (float) (rnd.nextDouble() * 2 - 1);
        java.util.Arrays.fill(c, SENTINEL);
        for (int bt = 0; bt < t.batch; bt++) {
            for (int m = 0; m < t.M; m++) {
                for (int n = 0; n < t.N; n++) {
                    // beta == 0 must ignore C completely, NaN included
                    c[cIndex(t, bt, m, n)] = t.beta == 0f ? Float.NaN : (float) (rnd.nextDouble() * 2 - 1);
                }
            }
        }
        return new Data(a, b, c);
    }

    private static int cIndex(Case t, int bt, int m, int n) {
        return t.off + bt * t.cStride() + m * t.ldc() + n;
    }

    private static float opA(Case t, float[] a, int bt, int m, int k) {
        int base = t.off + bt * t.aStride();
        return t.transA ? a[base + k * t.lda() + m] : a[base + m * t.lda() + k];
    }

    private static float opB(Case t, float[] b, int bt, int k, int n) {
        int base = t.off + bt * t.bStride();
        return t.transB ? b[base + n * t.ldb() + k] : b[base + k * t.ldb() + n];
    }

    interface Impl {
        void run(Case t, float[] a, float[] b, float[] c);
    }

    private static final Impl SGEMM = (t, a, b, c) -> {
        if (t.batch == 1 && t.off % 2 == 0) {
            Sgemm.gemm(t.transA, t.transB, t.M, t.N, t.K, t.alpha, a, t.off, t.lda(), b, t.off, t.ldb(),
                    t.beta, c, t.off, t.ldc());
        } else {
            Sgemm.gemmBatched(t.batch, t.transA, t.transB, t.M, t.N, t.K, t.alpha, a, t.off, t.aStride(), t.lda(),
                    b, t.off, t.bStride(), t.ldb(), t.beta, c, t.off, t.cStride(), t.ldc());
        }
    };

    private static final Impl NAIVE = (t, a, b, c) -> SgemmNaive.gemmBatched(t.batch, t.transA, t.transB, t.M, t.N, t.K,
            t.alpha, a, t.off, t.aStride(), t.lda(), b, t.off, t.bStride(), t.ldb(), t.beta, c, t.off, t.cStride(), t.ldc());

    private static float[] run(Impl impl, Case t, Data d) {
        float[] c = d.c0.clone();
        impl.run(t, d.a, d.b, c);
        return c;
    }

    /** Checks c against the double-precision reference and that nothing outside the views changed. */
    private static void assertMatchesReference(Case t, Data d, float[] c, String who) {
        boolean[] inside = new boolean[c.length];
        for (int bt = 0; bt < t.batch; bt++) {
            for (int m = 0; m < t.M; m++) {
                for (int n = 0; n < t.N; n++) {
                    double s = 0, mag = 0;
                    for (int k = 0; k < t.K; k++) {
                        double p = (double) opA(t, d.a, bt, m, k) * opB(t, d.b, bt, k, n);
                        s += p;
                        mag += Math.abs(p);
                    }
                    int ci = cIndex(t, bt, m, n);
                    inside[ci] = true;
                    double old = t.beta == 0f ? 0 : t.beta * (double) d.c0[ci];
                    double want = t.alpha * s + old;
                    double tol = 1e-5 * Math.sqrt(t.K) * Math.abs(t.alpha) * mag
                            + 4 * Math.ulp((float) (Math.abs(t.alpha * s) + Math.abs(old))) + 1e-30;
                    if (!(Math.abs(c[ci] - want) <= tol)) {
                        fail(who + " " + t + ": C[" + bt + "][" + m + "][" + n + "] = " + c[ci] + ", want " + want + " ± " + tol);
                    }
                }
            }
        }
        for (int i = 0; i < c.length; i++) {
            if (!inside[i] && Float.floatToRawIntBits(c[i]) != Float.floatToRawIntBits(SENTINEL)) {
                fail(who + " " + t + ": wrote C[" + i + "] = " + c[i] + ", outside the output view");
            }
        }
    }

    private static final int[][] SHAPES = { // M, N, K
            {1, 1, 1}, {1, 7, 33}, {7, 1, 33}, {7, 33, 1}, {33, 7, 257}, {257, 33, 7}, {6, 64, 256},
            {12, 128, 512}, {13, 129, 300}, {1, 1000, 70}, {1000, 1, 70}, {2, 3, 600}, {100, 600, 5},
            {5, 17, 513}, {64, 48, 40}, {31, 1030, 19},
    };

    private static List<Case> gridCases() {
        List<Case> cases = new ArrayList<>();
        float[] betas = {0f, 1f, 0.5f};
        int i = 0;
        for (int[] s : SHAPES) {
            for (int tr = 0; tr < 4; tr++) {
                for (float beta : betas) {
                    float alpha = (i++ % 2 == 0) ? 1f : -0.75f;
                    int pad = i % 3 == 0 ? 0 : 3; // leading dimension longer than the row: a submatrix view
                    int off = i % 4 == 0 ? 0 : 5 + i % 2;
                    cases.add(new Case(1, (tr & 1) != 0, (tr & 2) != 0, s[0], s[1], s[2], alpha, beta, pad, off, false, false));
                }
            }
        }
        return cases;
    }

    @Test
    void everyTransposeShapeAlphaBetaAndViewMatchesDoubleReference() {
        long seed = 1;
        for (Case t : gridCases()) {
            Data d = data(t, seed++);
            assertMatchesReference(t, d, run(SGEMM, t, d), "Sgemm");
        }
    }

    @Test
    void naiveReferenceMatchesDoubleReference() {
        long seed = 1000;
        for (Case t : gridCases()) {
            if ((long) t.M * t.N * t.K > 200_000) continue;
            Data d = data(t, seed++);
            assertMatchesReference(t, d, run(NAIVE, t, d), "SgemmNaive");
        }
    }

    @Test
    void batchedWithBroadcastOperandMatchesReference() {
        List<Case> cases = List.of(
                new Case(5, false, false, 19, 70, 33, 1f, 0f, 2, 3, true, false),    // one A against many B
                new Case(5, false, true, 19, 70, 33, 0.5f, 1f, 0, 1, false, true),   // one B (a weight) against many A
                new Case(7, true, false, 1, 100, 40, 1f, 0.5f, 1, 0, false, true),   // batched GEMV, shared matrix
                new Case(6, false, true, 1, 37, 32, 1f, 0f, 0, 2, false, false),     // decode attention scores q·Kᵀ
                new Case(6, true, true, 45, 1, 32, -1f, 0.5f, 3, 0, true, false),    // batched one-column product
                new Case(128, false, true, 24, 24, 8, 1f, 0f, 0, 0, false, false),   // many small attention products
                new Case(3, true, false, 13, 520, 300, 1f, 0.5f, 1, 4, false, false));
        long seed = 77;
        for (Case t : cases) {
            Data d = data(t, seed++);
            assertMatchesReference(t, d, run(SGEMM, t, d), "Sgemm");
        }
    }

    @Test
    void vectorPathMatchesNaiveKernel() {
        assertTrue(Simd.enabled(), "the Vector API must be on in tests (surefire passes --add-modules jdk.incubator.vector)");
        List<Case> cases = List.of(
                new Case(1, false, false, 67, 300, 129, 1f, 0.5f, 0, 0, false, false),
                new Case(1, true, true, 50, 77, 260, -2f, 0f, 1, 1, false, false),
                new Case(4, false, true, 1, 90, 64, 1f, 1f, 0, 0, false, true),
                new Case(4, true, false, 30, 1, 64, 1f, 0f, 0, 0, true, false));
        long seed = 500;
        for (Case t : cases) {
            Data d = data(t, seed++);
            float[] fast = run(SGEMM, t, d);
            float[] naiveDirect = run(NAIVE, t, d);
            float[] naiveDispatched;
            Simd.setEnabled(false);
            try {
                naiveDispatched = run(SGEMM, t, d);
            } finally {
                Simd.setEnabled(true);
            }
            assertBitEqual(naiveDirect, naiveDispatched, "Sgemm with Simd off must be SgemmNaive, " + t);
            assertMatchesReference(t, d, naiveDispatched, "SgemmNaive");
            assertMatchesReference(t, d, fast, "Sgemm");
            // and the two float results are close to each other within the same bound
            for (int i = 0; i < fast.length; i++) {
                float x = fast[i], y = naiveDirect[i];
                if (x != y && Math.abs(x - y) > 1e-5 * Math.sqrt(t.K) * Math.abs(t.alpha) * t.K + 1e-6) {
                    fail(t + ": vector " + x + " vs naive " + y + " at " + i);
                }
            }
        }
    }

    @Test
    void threadedPathIsBitIdenticalToSingleThreaded() {
        List<Case> cases = List.of(
                new Case(1, false, false, 301, 700, 600, 1f, 0f, 0, 0, false, false),
                new Case(1, true, false, 256, 1030, 300, 0.5f, 1f, 2, 1, false, false),
                new Case(1, false, true, 64, 256, 520, 1f, 0.5f, 0, 0, false, false),
                new Case(16, false, true, 64, 48, 40, 1f, 0f, 0, 0, false, false),
                new Case(1, false, false, 1, 4000, 300, 1f, 0f, 0, 0, false, false),
                new Case(1, false, false, 3000, 1, 300, 1f, 0.5f, 0, 0, false, false));
        int before = Parallel.threads();
        long seed = 900;
        try {
            for (Case t : cases) {
                Data d = data(t, seed++);
                Parallel.setThreads(1);
                float[] one = run(SGEMM, t, d);
                Parallel.setThreads(2);
                float[] two = run(SGEMM, t, d);
                float[] again = run(SGEMM, t, d);
                assertBitEqual(one, two, "1 vs 2 threads, " + t);
                assertBitEqual(two, again, "two runs with 2 threads, " + t);
            }
        } finally {
            Parallel.setThreads(before);
        }
    }

    @Test
    void alphaZeroOrEmptyKScalesCWithoutReadingAB() {
        float[] a = {Float.NaN, Float.NaN, Float.NaN, Float.NaN};
        float[] b = {Float.NaN, Float.NaN, Float.NaN, Float.NaN};
        float[] c = {1f, 2f, 3f, 4f};
        Sgemm.gemm(false, false, 2, 2, 2, 0f, a, 0, 2, b, 0, 2, 0.5f, c, 0, 2);
        assertBitEqual(new float[] {0.5f, 1f, 1.5f, 2f}, c, "alpha = 0");
        c = new float[] {Float.NaN, 2f, 3f, 4f};
        Sgemm.gemm(false, false, 2, 2, 0, 1f, a, 0, 2, b, 0, 2, 0f, c, 0, 2);
        assertBitEqual(new float[] {0f, 0f, 0f, 0f}, c, "K = 0, beta = 0");
    }

    @Test
    void badViewsAreRejectedWithASentence() {
        float[] a = new float[6], b = new float[5], c = new float[4];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Sgemm.gemm(false, false, 2, 2, 3, 1f, a, 0, 3, b, 0, 2, 0f, c, 0, 2));
        assertTrue(e.getMessage().contains("B is stored 3x2") && e.getMessage().contains("array has 5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Sgemm.gemm(false, false, 2, 2, 3, 1f, a, 0, 2, b, 0, 3, 0f, c, 0, 2));
        assertTrue(e.getMessage().contains("leading dimension 2 is smaller than its row length 3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Sgemm.gemmBatched(2, false, false, 2, 2, 3, 1f, a, 0, 0, 3, b, 0, 0, 2, 0f, c, 0, 0, 2));
        assertTrue(e.getMessage().contains("overlap"), e.getMessage());
    }

    private static void assertBitEqual(float[] want, float[] got, String what) {
        assertEquals(want.length, got.length, what);
        for (int i = 0; i < want.length; i++) {
            if (Float.floatToRawIntBits(want[i]) != Float.floatToRawIntBits(got[i])) {
                fail(what + ": element " + i + " is " + got[i] + ", want " + want[i]);
            }
        }
    }
}
