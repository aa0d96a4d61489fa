package dev.autodidact.rl.train;

import dev.autodidact.rl.reward.RewardBreakdown;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

class PreferencePairsTest {
    private static RewardBreakdown rewards(double... r) {
        return new RewardBreakdown(r, Map.of("majority_vote", r));
    }

    @Test
    void pairsTheFirstBestWithTheFirstWorstAndSkipsGroupsWithoutSignal() {
        // MM-UPT rewards of §17 vector 9 ([5,5,7,NULL] -> [1,1,0,0]), an all-equal group, and a graded one.
        PreferencePairs p = PreferencePairs.of(List.of(rewards(1, 1, 0, 0), rewards(1, 1, 1, 1), rewards(0.2, 0.9, 0.1, 0.9)), 4);
        assertArrayEquals(new int[] {0, 9}, p.chosen());
        assertArrayEquals(new int[] {2, 10}, p.rejected());
    }
}
