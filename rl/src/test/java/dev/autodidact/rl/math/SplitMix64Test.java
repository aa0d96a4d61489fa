package dev.autodidact.rl.math;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class SplitMix64Test {

    @Test
    void aDrawDependsOnlyOnItsKey() {
        SplitMix64 a = SplitMix64.derive(42, 7, 3, 1), b = SplitMix64.derive(42, 7, 3, 1);
        for (int i = 0; i < 100; i++) assertEquals(a.nextLong(), b.nextLong());
        assertNotEquals(SplitMix64.hash(42, 7, 3, 1), SplitMix64.hash(42, 7, 3, 2));
        assertNotEquals(SplitMix64.hash(1, 2, 3), SplitMix64.hash(1, 3, 2), "key order matters");
        assertNotEquals(SplitMix64.hash("12+7"), SplitMix64.hash("7+12"));
    }

    @Test
    void boundedDrawsAreInRangeAndBalanced() {
        SplitMix64 r = new SplitMix64(9);
        int[] counts = new int[10];
        for (int i = 0; i < 50_000; i++) {
            double d = r.nextDouble();
            assertTrue(d >= 0 && d < 1);
            counts[r.nextInt(10)]++;
            int x = r.nextInt(3, 5);
            assertTrue(x >= 3 && x <= 5);
        }
        for (int c : counts) assertEquals(5_000, c, 350); // sd ≈ 67
        assertThrows(IllegalArgumentException.class, () -> r.nextInt(0));
        assertThrows(IllegalArgumentException.class, () -> r.nextInt(5, 4));
    }
}
