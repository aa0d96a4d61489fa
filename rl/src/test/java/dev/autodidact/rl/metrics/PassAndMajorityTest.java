package dev.autodidact.rl.metrics;

import dev.autodidact.rl.math.Rational;
import dev.autodidact.rl.task.AdditionTask;
import dev.autodidact.rl.task.Answer;
import dev.autodidact.rl.task.Equivalence;
import dev.autodidact.rl.task.Problem;
import dev.autodidact.rl.task.Prompt;
import dev.autodidact.rl.task.Split;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.autodidact.rl.SpecVectors.assertSig7;
import static org.junit.jupiter.api.Assertions.*;

class PassAndMajorityTest {

    @Test
    void specVector7UnbiasedPassAtK() {
        assertSig7(0.3, PassAtK.estimate(10, 3, 1), "pass@1");
        assertSig7(0.9166667, PassAtK.estimate(10, 3, 5), "pass@5");
        assertEquals(1.0, PassAtK.estimate(10, 3, 8), "n - c < k");
        assertEquals(0, PassAtK.estimate(8, 0, 8));
        assertEquals(1, PassAtK.estimate(8, 8, 1));
        assertEquals(0.65, PassAtK.mean(new int[] {10, 10}, new int[] {3, 10}, 1), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> PassAtK.estimate(4, 5, 1));
        assertThrows(IllegalArgumentException.class, () -> PassAtK.estimate(4, 1, 5));
    }

    @Test
    void passAtKMatchesTheBinomialFormula() {
        for (int n = 1; n <= 12; n++)
            for (int c = 0; c <= n; c++)
                for (int k = 1; k <= n; k++) {
                    double exact = 1 - binomial(n - c, k) / binomial(n, k);
                    assertEquals(exact, PassAtK.estimate(n, c, k), 1e-12, n + "," + c + "," + k);
                }
    }

    private static double binomial(int n, int k) {
        if (k > n) return 0;
        double r = 1;
        for (int i = 1; i <= k; i++) r = r * (n - k + i) / i;
        return r;
    }

    private static List<Answer> answers(Integer... values) {
        List<Answer> out = new ArrayList<>();
        for (Integer v : values) out.add(v == null ? new Answer.Missing() : new Answer.Valid(v.toString(), Rational.of(v)));
        return out;
    }

    private static boolean[] correct(List<Answer> answers, int truth) {
        boolean[] c = new boolean[answers.size()];
        for (int i = 0; i < c.length; i++) c[i] = answers.get(i) instanceof Answer.Valid v && v.value().equals(Rational.of(truth));
        return c;
    }

    @Test
    void majAtKVotesOnceWhenKEqualsN() {
        List<Answer> a = answers(5, 5, 7, null, 5, 9, 7, 7);
        assertEquals(1, MajAtK.estimate(a, correct(a, 5), 8, Equivalence.EXACT, 1, 0), "a 3-3 tie goes to the first-seen 5");
        assertEquals(0, MajAtK.estimate(a, correct(a, 7), 8, Equivalence.EXACT, 1, 0), "so when 7 is right, maj@8 misses");
        List<Answer> b = answers(7, 5, 5, null, 5, 9, 7, 8);
        assertEquals(1, MajAtK.estimate(b, correct(b, 5), 8, Equivalence.EXACT, 1, 0));
        assertEquals(0, MajAtK.estimate(answers(null, null), new boolean[2], 2, Equivalence.EXACT, 1, 0));
    }

    @Test
    void theMajorityPredictionCarriesItsVoteShareOverAllSamples() {
        List<Answer> a = answers(5, 5, 7, null, 5, 9, 7, 7);
        assertEquals(new MajAtK.Prediction(3 / 8.0, true), MajAtK.majority(a, correct(a, 5), Equivalence.EXACT), "NULLs count in the denominator");
        assertEquals(new MajAtK.Prediction(3 / 8.0, false), MajAtK.majority(a, correct(a, 7), Equivalence.EXACT));
        assertEquals(new MajAtK.Prediction(0, false), MajAtK.majority(answers(null, null), new boolean[2], Equivalence.EXACT), "nothing valid won");
        // spec vector 9's group [5, 5, 7, NULL]: majority 5 with half the votes
        List<Answer> v9 = answers(5, 5, 7, null);
        assertEquals(new MajAtK.Prediction(0.5, true), MajAtK.majority(v9, correct(v9, 5), Equivalence.EXACT));
    }

    @Test
    void majAtKAveragesOverSeededSubsets() {
        List<Answer> a = answers(5, 5, 5, 5, 7, 7, 7, 7, 7, 7);
        double m = MajAtK.estimate(a, correct(a, 5), 3, Equivalence.EXACT, 400, 1);
        // exact: P(at least 2 fives among 3 drawn from 4 fives and 6 sevens) = (C(4,2)C(6,1) + C(4,3)) / C(10,3) = 40/120
        assertEquals(1 / 3.0, m, 0.07);
        assertEquals(m, MajAtK.estimate(a, correct(a, 5), 3, Equivalence.EXACT, 400, 1), "seeded");
    }

    @Test
    void accuracySummaries() {
        assertEquals(0.5, Accuracy.fraction(new boolean[] {true, false}));
        assertEquals((1.0 + 0.25) / 2, Accuracy.passAt1(new boolean[][] {{true, true}, {true, false, false, false}}), "each prompt weighs the same");
        assertEquals(20, Accuracy.meanLength(new int[] {10, 30}));
    }

    @Test
    void labelAndRewardAccuracy() {
        AdditionTask add = AdditionTask.standard();
        Problem p1 = new Problem(new Prompt("ADD", "ADD:2+3", "2+3=", Split.TEST, 1, Map.of("a", "2", "b", "3")), "5");
        Problem p2 = new Problem(new Prompt("ADD", "ADD:2+2", "2+2=", Split.TEST, 1, Map.of("a", "2", "b", "2")), "4");
        Problem p3 = new Problem(new Prompt("ADD", "ADD:1+1", "1+1=", Split.TEST, 1, Map.of("a", "1", "b", "1")), "2");
        List<Optional<Answer.Valid>> labels = List.of(Optional.of(new Answer.Valid("5", Rational.of(5))), Optional.of(new Answer.Valid("5", Rational.of(5))), Optional.empty());
        assertEquals(1 / 3.0, SelfRewardAccuracy.labelAccuracy(labels, List.of(p1, p2, p3), add), 1e-15);
        assertEquals(0.75, SelfRewardAccuracy.rewardAccuracy(new double[][] {{1, 0}, {1, 1}}, new double[][] {{1, 0}, {0, 1}}));
        assertThrows(IllegalArgumentException.class, () -> SelfRewardAccuracy.rewardAccuracy(new double[][] {{1}}, new double[][] {{1, 0}}));
    }
}
