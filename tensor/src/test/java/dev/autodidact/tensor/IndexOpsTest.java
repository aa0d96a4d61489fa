package dev.autodidact.tensor;

import dev.autodidact.tensor.kernel.IndexOps;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class IndexOpsTest {

    @Test
    void embeddingGathersRowsAndScatterAddIsItsAdjoint() {
        Tensor table = Tensor.arange(12).reshape(4, 3);
        IntTensor ids = IntTensor.of(new int[] {3, 0, 3}, 1, 3);
        Tensor e = IndexOps.embedding(table, ids);
        assertArrayEquals(new int[] {1, 3, 3}, e.shape());
        assertArrayEquals(new float[] {9, 10, 11, 0, 1, 2, 9, 10, 11}, e.toArray());
        Tensor grad = Tensor.zeros(4, 3);
        IndexOps.scatterAddRows(grad, ids, Tensor.ones(1, 3, 3));
        assertArrayEquals(new float[] {1, 1, 1, 0, 0, 0, 0, 0, 0, 2, 2, 2}, grad.toArray());
        var ex = assertThrows(IndexOutOfBoundsException.class, () -> IndexOps.embedding(table, IntTensor.vector(1, 4)));
        assertEquals("embedding: index 4 at position 1 is out of bounds for size 4", ex.getMessage());
    }

    @Test
    void scatterAddRowsIsIdenticalForAnyThreadCount() {
        Tensor src = Ref.random(3, 500, 96);
        int[] id = new int[500];
        for (int i = 0; i < id.length; i++) id[i] = (i * 7) % 13;
        int before = Parallel.threads();
        try {
            Parallel.setThreads(1);
            Tensor g1 = Tensor.zeros(13, 96);
            IndexOps.scatterAddRows(g1, IntTensor.vector(id), src);
            Parallel.setThreads(2);
            Tensor g2 = Tensor.zeros(13, 96);
            IndexOps.scatterAddRows(g2, IntTensor.vector(id), src);
            assertArrayEquals(g1.toArray(), g2.toArray());
        } finally {
            Parallel.setThreads(before);
        }
    }

    @Test
    void gatherLastPicksChosenTokensAndScatterLastInvertsIt() {
        Tensor logp = Tensor.arange(12).reshape(2, 2, 3);
        IntTensor idx = IntTensor.of(new int[] {2, 0, 1, 1}, 2, 2);
        assertArrayEquals(new float[] {2, 3, 7, 10}, logp.gatherLast(idx).toArray());
        Tensor back = IndexOps.scatterLast(new int[] {2, 2, 3}, idx, Tensor.of(new float[] {1, 2, 3, 4}, 2, 2));
        assertArrayEquals(new float[] {0, 0, 1, 2, 0, 0, 0, 3, 0, 0, 4, 0}, back.toArray());
        assertThrows(IllegalArgumentException.class, () -> logp.gatherLast(IntTensor.vector(1, 2)));
    }

    @Test
    void oneHotTopKCumsum() {
        assertArrayEquals(new float[] {0, 1, 0, 0, 0, 1}, IndexOps.oneHot(IntTensor.vector(1, 2), 3).toArray());
        Tensor x = Tensor.of(new float[] {3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8}, 2, 6);
        IndexOps.TopK t = x.topK(3);
        assertArrayEquals(new float[] {9, 5, 4, 8, 6, 5}, t.values().toArray());
        assertArrayEquals(new int[] {5, 4, 2, 5, 1, 2}, t.indices().data());
        assertArrayEquals(new float[] {1, 1}, Tensor.vector(1, 1).topK(2).values().toArray());
        assertArrayEquals(new int[] {0, 1}, Tensor.vector(1, 1).topK(2).indices().data());
        assertArrayEquals(new float[] {1, 3, 6, 10}, Tensor.vector(1, 2, 3, 4).cumsum(0).toArray());
        assertArrayEquals(new float[] {0, 1, 2, 3, 5, 7}, Tensor.arange(6).reshape(2, 3).cumsum(0).toArray());
        Tensor big = Ref.random(4, 3, 257);
        IndexOps.TopK tk = big.topK(5);
        for (int r = 0; r < 3; r++) {
            float[] row = big.select(0, r).toArray();
            java.util.Arrays.sort(row);
            for (int j = 0; j < 5; j++) assertEquals(row[256 - j], tk.values().get(r, j));
        }
    }

    @Test
    void concatStackSplit() {
        Tensor a = Tensor.arange(6).reshape(2, 3), b = Tensor.arange(6, 10, 1).reshape(2, 2);
        Tensor c = IndexOps.concat(1, a, b);
        assertArrayEquals(new float[] {0, 1, 2, 6, 7, 3, 4, 5, 8, 9}, c.toArray());
        Tensor[] parts = IndexOps.split(c, 1, 3, 2);
        assertArrayEquals(a.toArray(), parts[0].toArray());
        assertArrayEquals(b.toArray(), parts[1].toArray());
        Tensor s = IndexOps.stack(0, a, a.neg());
        assertArrayEquals(new int[] {2, 2, 3}, s.shape());
        assertEquals(-5f, s.get(1, 1, 2));
        assertArrayEquals(new int[] {2, 3, 2}, IndexOps.stack(-1, a, a).shape());
        var ex = assertThrows(IllegalArgumentException.class, () -> IndexOps.concat(0, a, b));
        assertTrue(ex.getMessage().contains("tensor 1 has shape [2, 2]"), ex.getMessage());
    }

    @Test
    void causalAndPaddingMasks() {
        assertArrayEquals(new float[] {1, 0, 0, 1, 1, 0, 1, 1, 1}, Masks.causal(3).toArray());
        assertArrayEquals(new float[] {1, 1, 0, 1, 0, 0}, Masks.padding(new int[] {2, 1}, 3).toArray());
        float[] add = Masks.additive(Masks.causal(2)).toArray();
        assertEquals(0f, add[0]);
        assertEquals(Float.NEGATIVE_INFINITY, add[1]);
    }
}
