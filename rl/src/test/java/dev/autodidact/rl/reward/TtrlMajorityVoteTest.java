package dev.autodidact.rl.reward;

import dev.autodidact.rl.task.Equivalence;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.*;

class TtrlMajorityVoteTest {
    private final TtrlMajorityVote ttrl = new TtrlMajorityVote(8, 4, 3, Equivalence.EXACT, MajorityVote.NullPolicy.EXCLUDE);

    @Test
    void theLabelComesFromAllVotesAndTrainingUsesASeededSubset() {
        Group g = Groups.of(5, 2, "7", "7", "7", "5", "5", "5", "5", "7");
        assertEquals("7", ttrl.pseudoLabel(g).orElseThrow().text(), "a 4-4 tie goes to the first-seen answer");
        assertArrayEquals(new double[] {1, 1, 1, 0, 0, 0, 0, 1}, ttrl.rewards(g));
    }

    @Test
    void selectionKeepsNTrainDistinctSamplesWithTheirFullVoteRewards() {
        Group g = Groups.of(5, 2, "5", "5", "5", "5", "5", "7", "7", "7");
        double[] all = ttrl.rewards(g);
        assertArrayEquals(new double[] {1, 1, 1, 1, 1, 0, 0, 0}, all);
        TtrlMajorityVote.Selection s = ttrl.select(g);
        assertEquals(4, s.indices().length);
        assertEquals(4, Arrays.stream(s.indices()).distinct().count());
        for (int i = 0; i < 4; i++) assertEquals(all[s.indices()[i]], s.rewards()[i]);
        assertArrayEquals(s.indices(), ttrl.select(g).indices(), "seeded");
        boolean differs = false;
        for (int step = 6; step < 30 && !differs; step++) differs = !Arrays.equals(s.indices(), ttrl.select(Groups.of(step, 2, "5", "5", "5", "5", "5", "7", "7", "7")).indices());
        assertTrue(differs, "other steps draw other subsets");
    }

    @Test
    void groupsOfTheWrongSizeAndBadCountsAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ttrl.rewards(Groups.of("5", "5")));
        assertTrue(e.getMessage().contains("has 2 completions but votes are over n_votes = 8"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new TtrlMajorityVote(4, 8, 0, Equivalence.EXACT, MajorityVote.NullPolicy.EXCLUDE));
        assertEquals(64, TtrlMajorityVote.standard(1).nVotes());
        assertEquals(32, TtrlMajorityVote.standard(1).nTrain());
    }
}
