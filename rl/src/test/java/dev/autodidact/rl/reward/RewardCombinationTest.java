package dev.autodidact.rl.reward;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class RewardCombinationTest {

    @Test
    void weightedSelfRewardSumsTermsAndReportsEachMean() {
        WeightedSelfReward mix = WeightedSelfReward.of("mmupt_plus_format", new MajorityVoteReward(), 1.0, new FormatReward(), 0.5);
        Group g = Groups.of("5", "5", "7", null);
        RewardBreakdown b = mix.evaluate(g);
        assertArrayEquals(new double[] {1.5, 1.5, 0.5, 0}, b.total());
        assertArrayEquals(b.total(), mix.rewards(g));
        assertEquals(Map.of("total", 0.875, "majority_vote", 0.5, "format", 0.75), b.means());
        assertEquals(List.of("total", "majority_vote", "format"), List.copyOf(b.means().keySet()));
    }

    @Test
    void stepMeansWeighEveryCompletionEqually() {
        RewardBreakdown a = new RewardBreakdown(new double[] {1, 1}, Map.of("x", new double[] {1, 1}));
        RewardBreakdown b = new RewardBreakdown(new double[] {0, 0, 0, 0, 0, 0}, Map.of("x", new double[] {0, 0, 0, 0, 0, 0}));
        assertEquals(0.25, RewardBreakdown.means(List.of(a, b)).get("x"));
    }

    @Test
    void supervisedMixesMayHoldVerifiersAndLabelFreeTerms() {
        WeightedVerifier gt = new WeightedVerifier("gt_plus_format",
                List.of(new WeightedVerifier.Term(new ExactMatchVerifier(Groups.ADD), 1), WeightedVerifier.Term.of(new FormatReward(), 0.1)));
        RewardBreakdown b = gt.evaluate(new LabelledGroup(Groups.of("5", "6", null), Groups.PROBLEM));
        assertArrayEquals(new double[] {1.1, 0.1, 0}, b.total(), 1e-15);
        assertEquals(1.0 / 3, b.means().get("exact_match"), 1e-15);
    }

    @Test
    void badCombinationsFailWithASentence() {
        IllegalArgumentException dup = assertThrows(IllegalArgumentException.class,
                () -> WeightedSelfReward.of("m", new FormatReward(), 1, new FormatReward(), 1));
        assertTrue(dup.getMessage().contains("two terms are named 'format'"), dup.getMessage());
        assertThrows(IllegalArgumentException.class, () -> WeightedSelfReward.of("m", new FormatReward(), Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new WeightedSelfReward("m", List.of()));
        SelfReward broken = new SelfReward() {
            public String name() {
                return "broken";
            }

            public double[] rewards(Group g) {
                return new double[] {Double.NaN, 0, 0};
            }
        };
        IllegalStateException nan = assertThrows(IllegalStateException.class, () -> WeightedSelfReward.of("m", broken, 1).evaluate(Groups.of("1", "2", "3")));
        assertTrue(nan.getMessage().contains("reward 'broken' gave NaN to completion 0 of ADD:2+3"), nan.getMessage());
        assertThrows(IllegalStateException.class, () -> WeightedSelfReward.of("m", broken, 1).evaluate(Groups.of("1")));
    }

    @Test
    void labelledGroupsMustMatchTheirProblem() {
        Group other = Group.of(Groups.ADD, new dev.autodidact.rl.task.Prompt("ADD", "ADD:1+1", "1+1=", dev.autodidact.rl.task.Split.TEST, 1,
                Map.of("a", "1", "b", "1")), List.of("<ans>2</ans>"), 0, 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new LabelledGroup(other, Groups.PROBLEM));
        assertTrue(e.getMessage().contains("answers ADD:1+1 but the problem is ADD:2+3"), e.getMessage());
    }
}
