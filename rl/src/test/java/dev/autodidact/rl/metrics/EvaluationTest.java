package dev.autodidact.rl.metrics;

import dev.autodidact.rl.task.AdditionTask;
import dev.autodidact.rl.task.Problem;
import dev.autodidact.rl.task.Split;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
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
        assertEquals(List.of("acc_greedy", "pass@1", "pass@4", "maj@4", "mean_len", "null_rate"), List.copyOf(s.asMetrics().keySet()));
        assertThrows(IllegalArgumentException.class, () -> Evaluation.evaluate(add, results, 5, String::length, 0));
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
