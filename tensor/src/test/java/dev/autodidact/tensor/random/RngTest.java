package dev.autodidact.tensor.random;

import dev.autodidact.tensor.IntTensor;
import dev.autodidact.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class RngTest {

    @Test
    void streamsDerivedFromTheSameKeyAreIdentical() {
        Rng a = Rng.derive(42, 7, 3, 1), b = Rng.derive(42, 7, 3, 1);
        for (int i = 0; i < 1000; i++) assertEquals(a.nextLong(), b.nextLong());
        Rng c = Rng.derive(42, 7, 3, 2), d = Rng.derive(42, 7, 3, 1);
        int same = 0;
        for (int i = 0; i < 1000; i++) if (c.nextLong() == d.nextLong()) same++;
        assertEquals(0, same);
        assertNotEquals(Rng.derive(1, 2, 3).nextLong(), Rng.derive(1, 3, 2).nextLong(), "key order matters");
    }

    @Test
    void savedStateContinuesTheSameSequence() {
        Rng r = Rng.of(123);
        for (int i = 0; i < 17; i++) r.nextGaussian();
        long[] saved = r.state();
        double[] expected = new double[50];
        for (int i = 0; i < 50; i++) expected[i] = i % 2 == 0 ? r.nextGaussian() : r.nextFloat();
        Rng restored = Rng.fromState(saved);
        for (int i = 0; i < 50; i++) assertEquals(expected[i], i % 2 == 0 ? restored.nextGaussian() : restored.nextFloat());
    }

    @Test
    void splittingDoesNotAdvanceTheParent() {
        Rng r = Rng.of(5), copy = r.copy();
        r.split(1).nextLong();
        assertEquals(copy.nextLong(), r.nextLong());
    }

    @Test
    void uniformDrawsAreInRangeAndBalanced() {
        Rng r = Rng.of(9);
        int[] counts = new int[10];
        for (int i = 0; i < 100_000; i++) {
            float f = r.nextFloat();
            assertTrue(f >= 0 && f < 1);
            counts[r.nextInt(10)]++;
        }
        // each bucket expects 10,000 with sd ≈ 95: 5 sd is 475
        for (int c : counts) assertEquals(10_000, c, 475);
        assertThrows(IllegalArgumentException.class, () -> r.nextInt(0));
    }

    @Test
    void multinomialFollowsTheWeights() {
        Tensor w = Tensor.vector(1, 0, 3, 6);
        IntTensor draws = Sampling.multinomial(w, 20_000, Rng.of(3));
        int[] counts = new int[4];
        for (int d : draws.data()) counts[d]++;
        assertEquals(0, counts[1]);
        // expected 2000 / 6000 / 12000; binomial sd ≤ 70, allow 5 sd
        assertEquals(2000, counts[0], 350);
        assertEquals(6000, counts[2], 350);
        assertEquals(12000, counts[3], 350);
    }

    @Test
    void multinomialRowsUseTheirOwnStreams() {
        Tensor p = Tensor.of(new float[] {0.2f, 0.3f, 0.5f, 0.5f, 0.25f, 0.25f}, 2, 3);
        Rng[] s1 = {Rng.derive(1, 0), Rng.derive(1, 1)};
        Rng[] s2 = {Rng.derive(1, 1)};
        int second = Sampling.multinomial(p, s1).data()[1];
        assertEquals(second, Sampling.multinomial(p.narrow(0, 1, 1), s2).data()[0], "a row's draw does not depend on the rows around it");
        var ex = assertThrows(IllegalArgumentException.class, () -> Sampling.multinomial(Tensor.of(new float[] {0.5f, -1f}, 1, 2), new Rng[] {Rng.of(1)}));
        assertEquals("multinomial: row 0 has invalid weight -1.0 at index 1", ex.getMessage());
    }
}
