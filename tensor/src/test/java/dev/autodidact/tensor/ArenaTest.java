package dev.autodidact.tensor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class ArenaTest {

    @Test
    void arraysHandedOutInAScopeAreReusedZeroFilledInTheNext() {
        Arena arena = new Arena();
        float[] first;
        try (var s = arena.enter()) {
            Tensor t = Tensor.zeros(4, 8);
            t.set(5f, 1, 1);
            first = t.data();
        }
        try (var s = arena.enter()) {
            Tensor t = Tensor.zeros(8, 4);  // same length, another shape
            assertSame(first, t.data());
            assertArrayEquals(new float[32], t.toArray());
        }
        assertEquals(4 * 32, arena.allocatedBytes());
        assertEquals(4 * 32, arena.reusedBytes());
    }

    @Test
    void steadyStateRepetitionsAllocateNothingNew() {
        Arena arena = new Arena();
        Tensor x = Tensor.ones(16, 16);
        for (int step = 0; step < 5; step++) {
            try (var s = arena.enter()) {
                x.matmul(x).add(x).softmax().sum(0, false);
            }
            if (step == 0) assertTrue(arena.allocatedBytes() > 0);
        }
        long afterFirst = arena.allocatedBytes();
        try (var s = arena.enter()) {
            x.matmul(x).add(x).softmax().sum(0, false);
        }
        assertEquals(afterFirst, arena.allocatedBytes());
    }

    @Test
    void allocationsOutsideAScopeOrInOutsideAreNeverRecycled() {
        Arena arena = new Arena();
        Tensor kept;
        try (var s = arena.enter()) {
            try (var o = Arena.outside()) {
                kept = Tensor.zeros(3);
            }
            assertTrue(arena.active());
        }
        assertFalse(arena.active());
        assertEquals(0, arena.freeBytes());
        Tensor plain = Tensor.zeros(3);
        assertNotSame(kept.data(), plain.data());
    }

    @Test
    void nestedScopesReturnOnlyTheirOwnArrays() {
        Arena arena = new Arena();
        try (var outer = arena.enter()) {
            Tensor a = Tensor.zeros(5);
            try (var inner = arena.enter()) {
                Tensor.zeros(7);
            }
            assertEquals(4 * 7, arena.freeBytes());
            a.set(1f, 0);
            assertEquals(1f, a.get(0));
        }
        assertEquals(4 * 12, arena.freeBytes());
        arena.trim();
        assertEquals(0, arena.freeBytes());
    }

    /**
     * Outputs of kernels that write every element come from the arena without a zero-fill: an
     * array recycled full of another step's values must still give the exact result.
     */
    @Test
    void uninitializedOutputsAreFullyOverwrittenWhenRecycled() {
        Arena arena = new Arena();
        Tensor a = Ref.random(1, 7, 33), b = Ref.random(2, 33, 5), x = Ref.random(3, 7, 5);
        Tensor product, sum, soft;
        try (var _ = Arena.outside()) {
            product = a.matmul(b);
            sum = x.add(product);
            soft = sum.softmax();
        }
        for (int step = 0; step < 3; step++) {
            try (var s = arena.enter()) {
                Tensor p = a.matmul(b), q = x.add(p), r = q.softmax();
                assertArrayEquals(product.toArray(), p.toArray());
                assertArrayEquals(sum.toArray(), q.toArray());
                assertArrayEquals(soft.toArray(), r.toArray());
                // Poison the arrays the next step will be handed again.
                java.util.Arrays.fill(p.data(), Float.NaN);
                java.util.Arrays.fill(q.data(), Float.NaN);
                java.util.Arrays.fill(r.data(), Float.NaN);
            }
        }
        assertTrue(arena.reusedBytes() > 0);
    }

    @Test
    void releasedArraysAreReusedInTheSameScopeOnceAndOnlyFromTheInnermostScope() {
        Arena arena = new Arena();
        try (var outer = arena.enter()) {
            float[] kept = Tensor.zeros(16).data();
            try (var inner = arena.enter()) {
                float[] temp = Tensor.zeros(16).data();
                assertFalse(Arena.release(kept), "an enclosing scope's array stays with that scope");
                assertFalse(Arena.release(new float[16]), "an array the arena never handed out");
                assertTrue(Arena.release(temp));
                assertFalse(Arena.release(temp), "a second release is ignored");
                Tensor again = Tensor.zeros(4, 4);
                assertSame(temp, again.data());
                assertArrayEquals(new float[16], again.toArray());
                assertNotSame(temp, Tensor.zeros(16).data(), "handed out once only");
            }
            assertFalse(Arena.release(new float[3]));
        }
        assertFalse(Arena.release(new float[16]), "no arena is current");
        // The inner scope's arrays (temp and one more) plus the outer one are free for the next scope.
        assertEquals(3 * 16 * 4, arena.freeBytes());
    }

    @Test
    void trimUnusedKeepsOnlyTheLengthsAskedForSinceTheLastTrim() {
        Arena arena = new Arena();
        try (var s = arena.enter()) {
            Tensor.zeros(5);
            Tensor.zeros(9);
        }
        arena.trimUnused();
        assertEquals(4 * (5 + 9), arena.freeBytes(), "both lengths were asked for in this step");
        try (var s = arena.enter()) {
            Tensor.zeros(5);   // reuses the 5; the 9 is not asked for this time
        }
        arena.trimUnused();
        assertEquals(4 * 5, arena.freeBytes(), "the length the last step did not use is dropped");
        try (var s = arena.enter()) {
            Tensor.zeros(9);
        }
        assertTrue(arena.allocatedBytes() >= 4 * (5 + 9 + 9), "a dropped length is allocated anew");
    }
}
