package dev.autodidact.rl.metrics;

import dev.autodidact.rl.task.AdditionTask;
import dev.autodidact.rl.task.Problem;
import dev.autodidact.rl.task.Split;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.*;

class EvaluationTest {
    private final AdditionTask add = AdditionTask.standard();

    private static String answer(String text) {
        return "<think></think><ans>" + text + "</ans><eos>";
    }

    @Test
    void metricsOfAHandBuiltEvaluation() {
        List<Problem> ps = add.generate(Split.TEST, 2, 1);
        Problem a = ps.get(0), b = ps.get(1);
        String wrong = "-1";
        List<Evaluation.PromptResult> results = List.of(
                // prompt a: greedy right; samples 3 of 4 right, majority right
                new Evaluation.PromptResult(a, answer(a.gold()), List.of(answer(a.gold()), answer(a.gold()), answer(wrong), answer(a.gold()))),
                // prompt b: greedy wrong; samples 1 of 4 right, one with no answer, majority wrong
                new Evaluation.PromptResult(b, answer(wrong), List.of(answer(wrong), "<think></think>", answer(b.gold()), answer(wrong))));
        Evaluation.Summary s = Evaluation.evaluate(add, results, 4, String::length, 0);
        assertEquals(0.5, s.accGreedy());
        assertEquals((0.75 + 0.25) / 2, s.passAt1());
        assertEquals(1.0, s.passAtK(), "both prompts have a correct sample among 4");
        assertEquals(0.5, s.majAtK());
        assertEquals(1 / 8.0, s.nullRate());
        assertEquals(List.of("acc_greedy", "pass@1", "pass@4", "maj@4", "mean_len", "null_rate", "vote_share", "ece_vote", "brier_vote", "auroc_vote"),
                List.copyOf(s.asMetrics().keySet()), "without sample scores only the vote's confidence is known");
        // votes: a 3 of 4 for the right answer (share 0.75, bin 8), b 2 of 4 for the wrong one (0.5, bin 5; the NULL votes for nothing)
        assertEquals(0.625, s.confidence().get("vote_share"), 1e-15);
        assertEquals((0.25 + 0.5) / 2, s.confidence().get("ece_vote"), 1e-15);
        assertEquals((0.25 * 0.25 + 0.5 * 0.5) / 2, s.confidence().get("brier_vote"), 1e-15);
        assertEquals(1.0, s.confidence().get("auroc_vote"), "the right vote had the larger share");
        assertThrows(IllegalArgumentException.class, () -> Evaluation.evaluate(add, results, 5, String::length, 0));
    }

    @Test
    void sampleScoresAreCalibratedAgainstEachSamplesCorrectness() {
        List<Problem> ps = add.generate(Split.TEST, 2, 1);
        Problem a = ps.get(0), b = ps.get(1);
        String wrong = "-1";
        // correctness a: [1, 1, 0, 1], b: [0, 0 (NULL), 1, 0]
        var scoresA = new Evaluation.SampleScores(new double[] {0.9, 0.9, 0.1, 0.9}, new double[] {2, 2, 1, 2});
        var scoresB = new Evaluation.SampleScores(new double[] {0.1, 0.1, 0.7, 0.1}, new double[] {1, 0.5, 1, 1});
        List<Evaluation.PromptResult> results = List.of(
                new Evaluation.PromptResult(a, answer(a.gold()), List.of(answer(a.gold()), answer(a.gold()), answer(wrong), answer(a.gold())), Optional.of(scoresA)),
                new Evaluation.PromptResult(b, answer(wrong), List.of(answer(wrong), "<think></think>", answer(b.gold()), answer(wrong)), Optional.of(scoresB)));
        Map<String, Double> m = Evaluation.evaluate(add, results, 4, String::length, 0).confidence();
        // token probability: bin 9 holds three right samples at 0.9, bin 7 one right at 0.7, bin 1 four wrong at 0.1
        assertEquals(3.8 / 8, m.get("token_prob"), 1e-15);
        assertEquals(3 / 8.0 * 0.1 + 1 / 8.0 * 0.3 + 4 / 8.0 * 0.1, m.get("ece_token_prob"), 1e-15);
        assertEquals((3 * 0.01 + 0.09 + 4 * 0.01) / 8, m.get("brier_token_prob"), 1e-15);
        assertEquals(1.0, m.get("auroc_token_prob"));
        // self-certainty: right {2, 2, 2, 1} against wrong {1, 1, 0.5, 1}: 12 wins, then 1 win and 3 ties of the 1 -> 14.5 / 16
        assertEquals(10.5 / 8, m.get("self_certainty"), 1e-15);
        assertEquals(14.5 / 16, m.get("auroc_self_certainty"), 1e-15);
        assertFalse(m.containsKey("ece_self_certainty"), "self-certainty is not a probability");
    }

    @Test
    void anAurocThatIsUndefinedIsLeftOut() {
        Problem a = add.generate(Split.TEST, 1, 4).getFirst();
        var all = List.of(new Evaluation.PromptResult(a, answer(a.gold()), List.of(answer(a.gold()), answer(a.gold())),
                Optional.of(new Evaluation.SampleScores(new double[] {0.5, 0.6}, new double[] {1, 2}))));
        Map<String, Double> m = Evaluation.evaluate(add, all, 2, String::length, 0).confidence();
        assertFalse(m.containsKey("auroc_vote") || m.containsKey("auroc_token_prob") || m.containsKey("auroc_self_certainty"), m.toString());
        assertEquals(0.0, m.get("ece_vote"), "one unanimous right vote is perfectly calibrated");
        assertThrows(IllegalArgumentException.class, () -> new Evaluation.PromptResult(a, "", List.of("x", "y"),
                Optional.of(new Evaluation.SampleScores(new double[] {0.5}, new double[] {1}))));
    }

    @Test
    void aNoisyTeacherHasTheMajorityAdvantageLabelFreeMethodsNeed() {
        // §C.4: with a per-step error rate, sampled accuracy is lower than majority-vote accuracy
        List<Evaluation.PromptResult> results = new ArrayList<>();
        for (Problem p : add.generate(Split.TEST, 150, 2))
            results.add(new Evaluation.PromptResult(p, add.trace(p).text(),
                    IntStream.range(0, 8).mapToObj(s -> add.noisyTrace(p, 0.12, s).text()).toList()));
        Evaluation.Summary s = Evaluation.evaluate(add, results, 8, String::length, 3);
        assertEquals(1.0, s.accGreedy());
        assertTrue(s.passAt1() > 0.45 && s.passAt1() < 0.9, "pass@1 " + s.passAt1());
        assertTrue(s.majAtK() >= s.passAt1() + 0.1, "maj@8 " + s.majAtK() + " vs pass@1 " + s.passAt1());
        assertTrue(s.passAtK() >= 0.9, "pass@8 " + s.passAtK());
        assertTrue(s.meanLength() > 40);
    }
}
