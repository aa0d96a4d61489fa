package dev.autodidact.rl.data;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class DataTest {

    @Test
    void everyEpochVisitsEachResponseOnceInWholeGroups() {
        List<int[]> plan = MiniBatches.plan(5, 4, 2, 3, 7);
        assertEquals(9, plan.size(), "3 epochs of ceil(5 / 2) mini-batches");
        for (int epoch = 0; epoch < 3; epoch++) {
            int[] all = plan.subList(3 * epoch, 3 * epoch + 3).stream().flatMapToInt(Arrays::stream).sorted().toArray();
            assertArrayEquals(java.util.stream.IntStream.range(0, 20).toArray(), all);
        }
        for (int[] batch : plan)
            for (int k = 0; k < batch.length; k += 4)
                for (int i = 0; i < 4; i++) assertEquals(batch[k] + i, batch[k + i], "a group stays contiguous and whole");
        assertEquals(8, plan.get(0).length);
        assertEquals(4, plan.get(2).length);
        assertFalse(Arrays.equals(plan.get(0), plan.get(3)) && Arrays.equals(plan.get(1), plan.get(4)), "epochs reshuffle");
        assertArrayEquals(plan.get(4), MiniBatches.plan(5, 4, 2, 3, 7).get(4), "seeded");
        assertThrows(IllegalArgumentException.class, () -> MiniBatches.plan(5, 4, 0, 1, 7));
    }

    @Test
    void rejectionSamplingKeepsDistinctCorrectSamplesUpToTheCap() {
        List<String> texts = List.of("a", "b", "a", "c", "d", "e");
        double[] r = {1, 0, 1, 1, 1, 1};
        assertArrayEquals(new int[] {0, 3, 4}, RejectionSampling.keep(texts, r, 1, 3));
        assertArrayEquals(new int[] {0, 3, 4, 5}, RejectionSampling.keep(texts, r, 1, 10));
        assertArrayEquals(new int[0], RejectionSampling.keep(texts, new double[6], 1, 10));
        assertThrows(IllegalArgumentException.class, () -> RejectionSampling.keep(texts, new double[2], 1, 10));
    }
}
