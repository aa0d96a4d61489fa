package dev.autodidact.rl.task;

import dev.autodidact.rl.math.Rational;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

class AdditionTaskTest {
    private final AdditionTask add = AdditionTask.standard();

    static Problem problem(long a, long b) {
        Prompt p = new Prompt("ADD", "ADD:" + Math.min(a, b) + "+" + Math.max(a, b), a + "+" + b + "=", Split.TEST,
                Long.toString(a).length(), Map.of("a", Long.toString(a), "b", Long.toString(b)));
        return new Problem(p, Long.toString(a + b));
    }

    @Test
    void traceOfTheSpecExampleIsColumnWise() {
        Trace t = add.trace(problem(347, 589));
        assertEquals("<think>7+9=16 c1;4+8+1=13 c1;3+5+1=9 c0;</think><ans>936</ans><eos>", t.text());
        assertEquals(0, t.corruptedSteps());
        assertEquals("<think>9+9=18 c1;9+9+1=19 c1;</think><ans>198</ans><eos>", add.trace(problem(99, 99)).text());
    }

    @Test
    void generatedProblemsHaveTheRequestedDigitsAndTheirTracesReachTheGold() {
        for (Problem p : add.generate(Split.TRAIN, 300, 1)) {
            int d = p.prompt().difficulty();
            assertTrue(List.of(2, 3, 4).contains(d));
            assertEquals(d, p.prompt().meta("a").length());
            assertEquals(d, p.prompt().meta("b").length());
            long a = Long.parseLong(p.prompt().meta("a")), b = Long.parseLong(p.prompt().meta("b"));
            assertEquals(Long.toString(a + b), p.gold());
            assertEquals(a + "+" + b + "=", p.prompt().text());
            Trace t = add.trace(p);
            assertEquals(p.gold(), t.answer());
            assertTrue(add.isCorrect(p, add.extract(p.prompt(), t.text())));
        }
        for (Problem p : add.generate(Split.OOD, 50, 1)) assertTrue(List.of(5, 6).contains(p.prompt().difficulty()));
    }

    @Test
    void sameSeedSameProblemsDifferentSeedDifferentProblems() {
        assertEquals(add.generate(Split.TEST, 50, 7), add.generate(Split.TEST, 50, 7));
        assertNotEquals(add.generate(Split.TEST, 50, 7), add.generate(Split.TEST, 50, 8));
    }

    @Test
    void extractionAndCheckingUseExactValues() {
        Problem p = problem(347, 589);
        assertTrue(add.isCorrect(p, add.extract(p.prompt(), "<think></think><ans> 0936 </ans>")));
        assertFalse(add.isCorrect(p, add.extract(p.prompt(), "<ans>935</ans>")));
        assertFalse(add.isCorrect(p, add.extract(p.prompt(), "936")));
        assertInstanceOf(Answer.Missing.class, add.extract(p.prompt(), "936"));
        assertEquals("<bos>347+589=", add.renderPrompt(p.prompt()));
    }

    private static final Pattern STEP = Pattern.compile("(\\d)\\+(\\d)(?:\\+(\\d))?=(\\d+) c(\\d)");

    @Test
    void noisyTeacherTracesAreSelfConsistentButWrong() {
        int corruptedTraces = 0, wrongAnswers = 0;
        for (Problem p : add.generate(Split.TRAIN, 400, 3)) {
            Trace t = add.noisyTrace(p, 0.3, 11);
            assertEquals(t, add.noisyTrace(p, 0.3, 11), "seeded");
            int carry = 0, offByOne = 0;
            StringBuilder digits = new StringBuilder();
            for (String step : t.steps()) {
                Matcher m = STEP.matcher(step);
                assertTrue(m.matches(), step);
                int written = Integer.parseInt(m.group(4)), carryIn = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
                assertEquals(carry, carryIn, "the carry written is the one the previous step produced: " + t.text());
                int trueSum = Integer.parseInt(m.group(1)) + Integer.parseInt(m.group(2)) + carryIn;
                if (written != trueSum) {
                    offByOne++;
                    assertTrue(Math.abs(written - trueSum) <= 3, step);
                }
                assertEquals(written / 10, Integer.parseInt(m.group(5)), step);
                carry = written / 10;
                digits.insert(0, written % 10);
            }
            if (carry > 0) digits.insert(0, carry);
            assertEquals(Rational.parse(digits.toString()).orElseThrow().toString(), t.answer(), "the answer follows the written steps");
            assertEquals(offByOne, t.corruptedSteps());
            if (t.corruptedSteps() > 0) corruptedTraces++;
            if (!t.answer().equals(p.gold())) wrongAnswers++;
            assertEquals(t.corruptedSteps() > 0, !t.answer().equals(p.gold()), "any corrupted column changes its digit");
        }
        assertTrue(corruptedTraces > 200 && corruptedTraces < 400, "about 1 - 0.7^3 of traces are corrupted, got " + corruptedTraces);
        assertEquals(corruptedTraces, wrongAnswers);
        Problem p = problem(347, 589);
        assertEquals(add.trace(p), add.noisyTrace(p, 0, 5), "eps 0 is the correct teacher");
        assertThrows(IllegalArgumentException.class, () -> add.noisyTrace(p, 1.5, 5));
    }

    @Test
    void overlappingDifficultyListsAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new AdditionTask(List.of(2, 3), List.of(3, 5)));
        assertTrue(e.getMessage().contains("digits 3 is listed both in-distribution"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new AdditionTask(List.of(0), List.of(5)));
    }
}
