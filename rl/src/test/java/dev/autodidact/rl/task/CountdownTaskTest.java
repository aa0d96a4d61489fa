package dev.autodidact.rl.task;

import dev.autodidact.rl.math.Rational;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class CountdownTaskTest {
    private final CountdownTask countdown = CountdownTask.standard();

    private static Problem problem() {
        Prompt p = new Prompt("COUNTDOWN", "COUNTDOWN:3,6,7|24", "7,3,6|24=", Split.TEST, 3, Map.of("numbers", "7,3,6", "target", "24"));
        return new Problem(p, "(7-3)*6");
    }

    @Test
    void anExpressionUsingEachNumberOnceAndHittingTheTargetIsCorrect() {
        Problem p = problem();
        assertTrue(countdown.isCorrect(p, countdown.extract(p.prompt(), "<ans>(7-3)*6</ans>")));
        assertTrue(countdown.isCorrect(p, countdown.extract(p.prompt(), "<ans>6*(7-3)</ans>")), "any solution, not only the gold one");
        assertFalse(countdown.isCorrect(p, countdown.extract(p.prompt(), "<ans> (7-3)*6*(5/5) </ans>")), "24, but with numbers that were not given");
        assertFalse(countdown.isCorrect(p, countdown.extract(p.prompt(), "<ans>7+3+6</ans>")));
    }

    @Test
    void wrongNumbersBadSyntaxAndDivisionByZeroAreMalformed() {
        Prompt p = problem().prompt();
        assertInstanceOf(Answer.Missing.class, countdown.extract(p, "(7-3)*6"));
        Answer reused = countdown.extract(p, "<ans>(7-3)*6*1</ans>");
        assertTrue(((Answer.Malformed) reused).reason().contains("uses [1, 3, 6, 7] but the problem gives [3, 6, 7]"), reused.toString());
        assertInstanceOf(Answer.Malformed.class, countdown.extract(p, "<ans>(7-3)*</ans>"));
        assertInstanceOf(Answer.Malformed.class, countdown.extract(p, "<ans>((7-3)*6</ans>"));
        assertInstanceOf(Answer.Malformed.class, countdown.extract(p, "<ans>-7+3*6</ans>"));
        assertInstanceOf(Answer.Malformed.class, countdown.extract(p, "<ans>" + "(".repeat(300) + "7" + ")".repeat(300) + "</ans>"));
        Answer byZero = countdown.extract(p, "<ans>6/(7-7)</ans>");
        assertInstanceOf(Answer.Malformed.class, countdown.extract(p, "<ans>6/(3-3)*7</ans>"));
        assertInstanceOf(Answer.Malformed.class, byZero);
    }

    @Test
    void generatedTargetsAreReachableByTheGoldExpression() throws Exception {
        for (Problem p : countdown.generate(Split.TRAIN, 300, 3)) {
            int n = p.prompt().difficulty();
            assertTrue(n == 3 || n == 4);
            String[] numbers = p.prompt().meta("numbers").split(",");
            assertEquals(n, numbers.length);
            for (String x : numbers) assertTrue(Integer.parseInt(x) >= 1 && Integer.parseInt(x) <= 25);
            long target = Long.parseLong(p.prompt().meta("target"));
            assertTrue(target >= 1 && target <= 999);
            assertEquals(p.prompt().meta("numbers") + "|" + target + "=", p.prompt().text());
            Answer gold = countdown.extract(p.prompt(), "<ans>" + p.gold() + "</ans>");
            assertTrue(countdown.isCorrect(p, gold), p.toString());
            assertEquals(Rational.of(target), Expression.parse(p.gold()).evaluate());
        }
        for (Problem p : countdown.generate(Split.OOD, 30, 3)) assertEquals(5, p.prompt().difficulty());
    }

    @Test
    void tracesSearchThenCheckAndNoisyOnesEndInAWrongExpression() {
        Problem p = problem();
        Trace t = countdown.trace(p);
        assertEquals("(7-3)*6", t.answer());
        assertTrue(t.steps().contains("7-3=4"), t.text());
        assertTrue(t.steps().contains("4*6=24"), t.text());
        assertTrue(t.steps().stream().anyMatch(s -> s.endsWith(" back")), "one failed attempt is shown: " + t.text());
        assertEquals("check (7-3)*6=24 ok", t.steps().getLast());
        int wrong = 0, corrupted = 0;
        for (Problem q : countdown.generate(Split.TRAIN, 200, 8)) {
            Trace correct = countdown.trace(q);
            assertTrue(countdown.isCorrect(q, countdown.extract(q.prompt(), correct.text())), correct.text());
            Trace noisy = countdown.noisyTrace(q, 0.5, 1);
            assertEquals(noisy, countdown.noisyTrace(q, 0.5, 1));
            Answer a = countdown.extract(q.prompt(), noisy.text());
            assertInstanceOf(Answer.Valid.class, a, "the noisy expression still uses the given numbers: " + noisy.text());
            if (noisy.corruptedSteps() > 0) corrupted++;
            if (!countdown.isCorrect(q, a)) wrong++;
            if (noisy.corruptedSteps() == 0) assertEquals(correct.answer(), noisy.answer());
        }
        assertTrue(corrupted > 100, "most traces with 2-3 steps at eps 0.5 are corrupted, got " + corrupted);
        assertTrue(wrong > 0.8 * corrupted, wrong + " wrong of " + corrupted + " corrupted");
    }
}
