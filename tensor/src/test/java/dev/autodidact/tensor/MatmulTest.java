package dev.autodidact.tensor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Tensor-level matmul: layouts, transposes, batch broadcasting. The kernel itself is tested in SgemmTest. */
class MatmulTest {

    /** op(a)·op(b) in double for 2-D operands. */
    private static double[] ref2d(Tensor a, Tensor b, boolean ta, boolean tb) {
        Tensor oa = ta ? a.transpose(0, 1) : a, ob = tb ? b.transpose(0, 1) : b;
        int m = oa.size(0), k = oa.size(1), n = ob.size(1);
        double[] out = new double[m * n];
        for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) {
            double s = 0;
            for (int p = 0; p < k; p++) s += (double) oa.get(i, p) * ob.get(p, j);
            out[i * n + j] = s;
        }
        return out;
    }

    @Test
    void everyTransposeCombinationOnAwkwardShapes() {
        Ref.bothKernels(() -> {
            int[][] shapes = {{1, 1, 1}, {7, 33, 1}, {1, 257, 33}, {33, 7, 257}, {65, 17, 40}};
            for (int[] s : shapes) {
                int m = s[0], k = s[1], n = s[2];
                for (int flags = 0; flags < 4; flags++) {
                    boolean ta = (flags & 1) != 0, tb = (flags & 2) != 0;
                    Tensor a = ta ? Ref.random(m + k, k, m) : Ref.random(m + k, m, k);
                    Tensor b = tb ? Ref.random(n + k, n, k) : Ref.random(n + k, k, n);
                    // |entries| ≤ 2, so each product sums k terms ≤ 4: float error ≲ k·eps·4k; 1e-5·k absolute is safe
                    Ref.assertClose(ref2d(a, b, ta, tb), a.matmul(b, ta, tb), 1e-5, 1e-5 * k, "matmul " + m + "x" + k + "x" + n + " flags " + flags);
                    // a transposed view behaves exactly like the transpose flag
                    Tensor av = ta ? a.transpose(0, 1) : a, bv = tb ? b.transpose(0, 1) : b;
                    Ref.assertClose(ref2d(a, b, ta, tb), av.matmul(bv), 1e-5, 1e-5 * k, "matmul view " + flags);
                }
            }
        });
    }

    @Test
    void batchedProductsBroadcastOverLeadingAxes() {
        Tensor a = Ref.random(1, 2, 3, 5, 7);      // [2,3,5,7]
        Tensor b = Ref.random(2, 3, 7, 4);         // [3,7,4] broadcasts over the first axis
        Tensor c = a.matmul(b);
        assertArrayEquals(new int[] {2, 3, 5, 4}, c.shape());
        for (int i = 0; i < 2; i++) for (int h = 0; h < 3; h++) {
            Ref.assertClose(ref2d(a.select(0, i).select(0, h), b.select(0, h), false, false), c.select(0, i).select(0, h), 1e-5, 1e-4, "batch " + i + "," + h);
        }
        // attention-style: q [B,H,T,hs] · kᵀ with k from a permuted view
        Tensor q = Ref.random(3, 2, 4, 6, 8), kT = Ref.random(4, 2, 6, 4, 8).permute(0, 2, 1, 3); // [2,4,6,8] non-contiguous
        Tensor att = q.matmul(kT, false, true);
        for (int bb = 0; bb < 2; bb++) for (int h = 0; h < 4; h++) {
            Ref.assertClose(ref2d(q.select(0, bb).select(0, h), kT.select(0, bb).select(0, h), false, true), att.select(0, bb).select(0, h), 1e-5, 1e-4, "attention");
        }
        // a matrix broadcast against a batch on the left
        Tensor w = Ref.random(5, 7, 3);
        Tensor x = Ref.random(6, 4, 2, 7);
        Ref.assertClose(ref2d(x.select(0, 3), w, false, false), x.matmul(w).select(0, 3), 1e-5, 1e-4, "x·w");
    }

    @Test
    void threadedResultIsBitIdenticalToSingleThreaded() {
        Tensor a = Ref.random(7, 300, 200), b = Ref.random(8, 200, 150);
        int before = Parallel.threads();
        try {
            Parallel.setThreads(1);
            float[] one = a.matmul(b).toArray();
            Parallel.setThreads(2);
            assertArrayEquals(one, a.matmul(b).toArray());
        } finally {
            Parallel.setThreads(before);
        }
    }

    @Test
    void shapeErrorsNameBothShapes() {
        var ex = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(32, 64).matmul(Tensor.zeros(128, 16)));
        assertEquals("matmul: [32, 64] x [128, 16]: inner dimensions 64 and 128 differ", ex.getMessage());
        var batch = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 3, 4).matmul(Tensor.zeros(3, 4, 5)));
        assertTrue(batch.getMessage().contains("batch dimensions do not broadcast"), batch.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(4).matmul(Tensor.zeros(4, 2)));
    }

    @Test
    void matmulIntoAccumulatesWithBeta() {
        Tensor a = Ref.random(1, 3, 4), b = Ref.random(2, 4, 5);
        Tensor out = a.matmul(b);
        dev.autodidact.tensor.kernel.Matmul.matmulInto(a, b, false, false, out, 1f, 1f);
        Ref.assertClose(Ref.values(a.matmul(b).mul(2)), out, 1e-6, 1e-6, "accumulate");
    }
}
