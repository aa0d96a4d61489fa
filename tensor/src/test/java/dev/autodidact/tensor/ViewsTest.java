package dev.autodidact.tensor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class ViewsTest {

    @Test
    void viewsShareStorageAndCopyNothing() {
        Tensor t = Tensor.arange(24).reshape(2, 3, 4);
        Tensor p = t.permute(2, 0, 1);
        assertSame(t.storage(), p.storage());
        assertArrayEquals(new int[] {4, 2, 3}, p.shape());
        assertEquals(t.get(1, 2, 3), p.get(3, 1, 2));
        p.set(-5f, 3, 1, 2);
        assertEquals(-5f, t.get(1, 2, 3));
        assertFalse(p.isContiguous());
    }

    @Test
    void reshapeInfersOneDimensionAndCopiesOnlyWhenNeeded() {
        Tensor t = Tensor.arange(12).reshape(3, -1);
        assertArrayEquals(new int[] {3, 4}, t.shape());
        Tensor tt = t.transpose(0, 1);
        var ex = assertThrows(IllegalStateException.class, () -> tt.view(12));
        assertTrue(ex.getMessage().contains("[4, 3]"), ex.getMessage());
        Tensor r = tt.reshape(12);
        assertArrayEquals(new float[] {0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11}, r.toArray());
        // a non-contiguous view whose merged axes are contiguous among themselves can still be viewed
        Tensor big = Tensor.arange(2 * 3 * 8).reshape(2, 3, 8).narrow(2, 0, 4); // [2,3,4] rows of stride 8
        Tensor v = big.view(6, 4);
        assertSame(big.storage(), v.storage());
        assertEquals(big.get(1, 2, 3), v.get(5, 3));
        assertThrows(IllegalStateException.class, () -> big.view(24));
        var bad = assertThrows(IllegalArgumentException.class, () -> t.reshape(5, -1));
        assertTrue(bad.getMessage().contains("reshape"), bad.getMessage());
    }

    @Test
    void narrowSliceSelectExpandSqueeze() {
        Tensor t = Tensor.arange(20).reshape(4, 5);
        assertArrayEquals(new float[] {6, 7, 8, 11, 12, 13}, t.narrow(0, 1, 2).narrow(1, 1, 3).toArray());
        assertArrayEquals(new float[] {1, 3, 11, 13}, t.slice(0, 0, 4, 2).slice(1, 1, 5, 2).toArray());
        assertArrayEquals(new float[] {15, 16, 17, 18, 19}, t.select(0, -1).toArray());
        Tensor col = t.select(1, 2).unsqueeze(1); // [4,1]
        Tensor e = col.expand(3, 4, 6);
        assertArrayEquals(new int[] {3, 4, 6}, e.shape());
        assertEquals(12f, e.get(2, 2, 5));
        assertEquals(0, e.strides()[0]);
        assertArrayEquals(new int[] {4}, col.squeeze(1).shape());
        assertThrows(IllegalArgumentException.class, () -> t.squeeze(0));
        var ex = assertThrows(IndexOutOfBoundsException.class, () -> t.narrow(1, 3, 3));
        assertTrue(ex.getMessage().contains("axis 1 of size 5"), ex.getMessage());
    }

    @Test
    void contiguousCopiesNonContiguousViewsInRowMajorOrder() {
        Tensor t = Tensor.arange(6).reshape(2, 3).transpose(0, 1);
        Tensor c = t.contiguous();
        assertTrue(c.isContiguous());
        assertArrayEquals(new float[] {0, 3, 1, 4, 2, 5}, c.toArray());
        assertSame(c, c.contiguous());
    }

    @Test
    void elementAccessChecksBounds() {
        Tensor t = Tensor.zeros(2, 3);
        var ex = assertThrows(IndexOutOfBoundsException.class, () -> t.get(0, 3));
        assertEquals("get: index 3 is out of bounds for dimension 1 of size 3", ex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> t.get(1));
        assertEquals(7f, Tensor.scalar(7f).item());
    }

    @Test
    void toStringShowsSmallTensorsWhole() {
        assertEquals("Tensor[2, 2] [[0, 1],\n" + " ".repeat(14) + "[2, 3]]", Tensor.arange(4).reshape(2, 2).toString());
        assertTrue(Tensor.zeros(100, 100).toString().startsWith("Tensor[100, 100] (mean 0"));
    }

    @Test
    void creationHelpers() {
        assertArrayEquals(new float[] {1, 1, 1}, Tensor.ones(3).toArray());
        assertArrayEquals(new float[] {2.5f, 2.5f}, Tensor.full(2.5f, 2).toArray());
        assertArrayEquals(new float[] {1, 1.5f, 2, 2.5f}, Tensor.arange(1, 3, 0.5f).toArray());
        var ex = assertThrows(IllegalArgumentException.class, () -> Tensor.of(new float[5], 2, 3));
        assertEquals("Tensor.of: 5 values do not fill shape [2, 3]", ex.getMessage());
        Tensor n = Tensor.normal(dev.autodidact.tensor.random.Rng.of(1), 0, 1, 10000);
        assertEquals(0, n.mean().item(), 0.05);
        assertEquals(1, n.var(0, false, 1).item(), 0.05);
    }
}
