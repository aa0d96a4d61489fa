package dev.autodidact.rl.reward;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class BuiltInRewardsTest {

    @Test
    void exactMatchRewardsOnlyCorrectAnswers() {
        LabelledGroup g = new LabelledGroup(Groups.of("5", "05", "10/2", "6", null, "five"), Groups.PROBLEM);
        assertArrayEquals(new double[] {1, 1, 1, 0, 0, 0}, new ExactMatchVerifier(Groups.ADD).rewards(g));
        assertArrayEquals(new double[] {0, 0, 0, 1, 1, 1}, new InvertedVerifier(new ExactMatchVerifier(Groups.ADD)).rewards(g));
        assertArrayEquals(new double[] {1, 1, 1, 0.1, 0, 0.1}, new PartialCreditVerifier(Groups.ADD, 0.1).rewards(g));
    }

    @Test
    void continuousRewardShrinksWithRelativeError() {
        LabelledGroup g = new LabelledGroup(Groups.of("5", "6", "8", "-5", "100", null), Groups.PROBLEM);
        assertArrayEquals(new double[] {1, 1 - 1 / 6.0, 0.5, 0, 0, 0}, new ContinuousNumericVerifier().rewards(g), 1e-15);
    }

    @Test
    void formatRewardNeedsTheLayoutAndAReadableAnswer() {
        Group g = Groups.of("5", "9", null, "x");
        assertArrayEquals(new double[] {1, 1, 0, 0}, new FormatReward().rewards(g));
    }

    @Test
    void randomRewardIsBernoulliKeyedByStepPromptAndSample() {
        RandomReward random = new RandomReward(0.5, 42);
        double sum = 0;
        int n = 0;
        for (int step = 0; step < 50; step++)
            for (int prompt = 0; prompt < 20; prompt++)
                for (double r : random.rewards(Groups.of(step, prompt, "1", "2", "3", "4", "5", "6", "7", "8"))) {
                    assertTrue(r == 0 || r == 1);
                    sum += r;
                    n++;
                }
        assertEquals(0.5, sum / n, 0.025); // 8000 draws: sd 0.0056
        assertArrayEquals(random.rewards(Groups.of(3, 4, "1", "2", "3")), random.rewards(Groups.of(3, 4, "9", null, "x")),
                "independent of the output");
        assertFalse(java.util.Arrays.equals(random.rewards(Groups.of(3, 4, "1", "1", "1", "1", "1", "1", "1", "1", "1", "1", "1", "1")),
                random.rewards(Groups.of(3, 5, "1", "1", "1", "1", "1", "1", "1", "1", "1", "1", "1", "1"))));
        assertArrayEquals(new double[] {0, 0, 0}, new RandomReward(0, 1).rewards(Groups.of("1", "2", "3")));
        assertArrayEquals(new double[] {1, 1, 1}, new RandomReward(1, 1).rewards(Groups.of("1", "2", "3")));
        assertThrows(IllegalArgumentException.class, () -> new RandomReward(1.5, 1));
    }

    @Test
    void specVector17KimiLengthReward() {
        assertArrayEquals(new double[] {0.5, 0, -0.5}, LengthReward.rewards(new int[] {100, 200, 300}, new boolean[] {true, true, false}));
        assertArrayEquals(new double[] {0, 0, -0.5}, LengthReward.rewards(new int[] {100, 200, 300}, new boolean[] {false, true, true}), "a wrong short answer gets min(0, lam) = 0");
        assertArrayEquals(new double[] {0, 0}, LengthReward.rewards(new int[] {7, 7}, new boolean[] {true, false}));
    }
}
