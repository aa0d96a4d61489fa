package dev.autodidact.autograd.fused;

import dev.autodidact.autograd.Inputs;
import dev.autodidact.tensor.Simd;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** The vector row loops agree with the plain reference loops (lengths that are not vector multiples, masks, empty rows). */
class RowKernelsTest {

    private final boolean simdBefore = Simd.enabled();

    @AfterEach
    void restore() {
        Simd.setEnabled(simdBefore);
    }

    // Vector EXP lanes and a different summation order: a few float ulps.
    private static final float TOL = 2e-6f;

    @Test
    void logSumExpAndScaledSoftmaxMatchTheReference() {
        for (int n : new int[] {1, 7, 16, 37, 100}) {
            float[] x = Inputs.normal(n, n).mul(3f).toArray();
            float naive = RowKernels.logSumExpNaive(x, 0, n), fast = RowKernels.logSumExpSimd(x, 0, n);
            assertEquals(naive, fast, TOL * Math.max(1, Math.abs(naive)), "lse n=" + n);
            float[] a = new float[n], b = new float[n];
            Simd.setEnabled(false);
            RowKernels.scaledSoftmax(x, 0, n, naive, -0.5f, a, 0);
            Simd.setEnabled(true);
            RowKernels.scaledSoftmax(x, 0, n, naive, -0.5f, b, 0);
            assertArrayEquals(a, b, TOL, "scaledSoftmax n=" + n);
        }
    }

    @Test
    void maskedSoftmaxMatchesTheReferenceWithLimitsMasksAndEmptyRows() {
        int t = 37;
        float[] mask = new float[t];
        for (int j = 0; j < t; j++) mask[j] = j % 3 == 1 ? 0f : 1f;
        float[] allMasked = new float[t];
        for (int limit : new int[] {1, 2, 17, 37}) {
            for (float[] m : new float[][] {null, mask, allMasked}) {
                float[] s = Inputs.normal(limit, t).mul(2f).toArray();
                float[] a = s.clone(), b = s.clone();
                RowKernels.maskedSoftmaxNaive(a, 0, t, limit, m, 0);
                RowKernels.maskedSoftmaxSimd(b, 0, t, limit, m, 0);
                assertArrayEquals(a, b, TOL, "limit " + limit);
                double sum = 0;
                for (float v : b) sum += v;
                boolean empty = m == allMasked;
                assertEquals(empty ? 0 : 1, sum, 1e-5, "row sum, limit " + limit);
                for (int j = limit; j < t; j++) assertEquals(0f, b[j]);
            }
        }
    }

    @Test
    void softmaxBackwardMatchesTheReference() {
        int n = 45;
        float[] p = Inputs.uniform(1, 0f, 1f, n).toArray(), dp = Inputs.normal(2, n).toArray();
        float[] a = dp.clone(), b = dp.clone();
        Simd.setEnabled(false);
        RowKernels.softmaxBackward(p, a, 0, n);
        Simd.setEnabled(true);
        RowKernels.softmaxBackward(p, b, 0, n);
        assertArrayEquals(a, b, 1e-5f);
    }
}
