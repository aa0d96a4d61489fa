package dev.autodidact.rl.reward;

import dev.autodidact.rl.task.Answer;
import dev.autodidact.rl.task.Equivalence;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class MajorityVoteRewardTest {
    private final MajorityVoteReward mmUpt = new MajorityVoteReward();

    @Test
    void specVector9MajorityOfFiveFiveSevenNull() {
        Group g = Groups.of("5", "5", "7", null);
        assertArrayEquals(new double[] {1, 1, 0, 0}, mmUpt.rewards(g));
        assertEquals("5", mmUpt.pseudoLabel(g).orElseThrow().value().toString());
    }

    @Test
    void majorityVoteIgnoresEmptyAnswersSoTheyNeverWin() {
        Group g = Groups.of(null, null, "x", "7");
        assertArrayEquals(new double[] {0, 0, 0, 1}, mmUpt.rewards(g));
        assertArrayEquals(new double[] {0, 0, 0}, mmUpt.rewards(Groups.of(null, "1.5", null)), "no valid answer: no label, no reward");
        assertTrue(mmUpt.pseudoLabel(Groups.of(null, null)).isEmpty());
    }

    @Test
    void underTheReferenceCodePolicyANullMajorityRewardsNobody() {
        MajorityVoteReward reference = new MajorityVoteReward(Equivalence.EXACT, MajorityVote.NullPolicy.VOTE);
        Group g = Groups.of(null, null, "x", "7");
        assertArrayEquals(new double[] {0, 0, 0, 0}, reference.rewards(g));
        assertArrayEquals(new double[] {0, 1, 1, 0}, reference.rewards(Groups.of(null, "7", "7", "8")));
    }

    @Test
    void tiesGoToTheFirstSeenAnswer() {
        assertArrayEquals(new double[] {0, 1, 0, 1}, mmUpt.rewards(Groups.of("8", "7", "8x", "7")));
        assertArrayEquals(new double[] {1, 0, 1, 0}, mmUpt.rewards(Groups.of("8", "7", "8", "7")));
        assertArrayEquals(new double[] {0, 1, 0, 1}, mmUpt.rewards(Groups.of(null, "7", "8", "7")));
    }

    @Test
    void equivalentAnswersVoteTogether() {
        assertArrayEquals(new double[] {1, 1, 0, 1}, mmUpt.rewards(Groups.of("6/4", "3/2", "2", "+0003/2")));
    }

    @Test
    void weightedVoteAndBestOfN() {
        List<Answer> answers = Groups.of("5", "5", "7").answers();
        MajorityVote.Result r = MajorityVote.weighted(answers, new double[] {0.2, 0.2, 0.5}, Equivalence.EXACT, MajorityVote.NullPolicy.EXCLUDE);
        assertEquals("7", r.winner().orElseThrow().text());
        assertEquals(0.5, r.score());
        assertEquals(2, r.clusters().size());
        assertEquals(List.of(0, 1), r.clusters().get(0).members());
        assertEquals(2, MajorityVote.bestOfN(new double[] {0.1, 0.3, 0.9, 0.9}));
        assertThrows(IllegalArgumentException.class, () -> MajorityVote.bestOfN(new double[0]));
        assertThrows(IllegalArgumentException.class, () -> MajorityVote.weighted(answers, new double[2], Equivalence.EXACT, MajorityVote.NullPolicy.EXCLUDE));
    }
}
