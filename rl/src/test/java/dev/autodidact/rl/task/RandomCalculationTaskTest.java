package dev.autodidact.rl.task;

import dev.autodidact.rl.math.Rational;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

class RandomCalculationTaskTest {
    private final RandomCalculationTask calc = RandomCalculationTask.standard();

    private static Rational evaluate(String text) throws Expression.ParseException {
        return Expression.parse(text.substring(0, text.length() - 1)).evaluate();
    }

    @Test
    void promptsAreFullyParenthesisedAndTheGoldIsTheirExactValue() throws Exception {
        for (Problem p : calc.generate(Split.TRAIN, 300, 2)) {
            String text = p.prompt().text();
            int s = p.prompt().difficulty();
            assertTrue(s >= 1 && s <= 5);
            assertEquals(s, p.prompt().meta("ops").length());
            assertEquals(Math.max(0, s - 1), text.chars().filter(c -> c == '(').count(), text);
            assertEquals(evaluate(text).toString(), p.gold(), text);
            assertFalse(text.startsWith("(" ) && s == 1);
        }
        for (Problem p : calc.generate(Split.OOD, 50, 2)) assertTrue(p.prompt().difficulty() >= 6 && p.prompt().difficulty() <= 9);
    }

    @Test
    void answersAreReducedFractions() {
        Problem p = calc.generate(Split.TEST, 500, 4).stream().filter(q -> q.gold().contains("/")).findFirst().orElseThrow();
        Rational gold = Rational.parse(p.gold()).orElseThrow();
        assertEquals(gold.toString(), p.gold());
        String unreduced = gold.numerator().multiply(java.math.BigInteger.TWO) + "/" + gold.denominator().multiply(java.math.BigInteger.TWO);
        assertTrue(calc.isCorrect(p, calc.extract(p.prompt(), "<ans>" + unreduced + "</ans>")), "equivalence is exact, not textual");
        assertFalse(calc.isCorrect(p, calc.extract(p.prompt(), "<ans>" + gold.toDouble() + "</ans>")), "decimals are malformed");
    }

    private static final Pattern STEP = Pattern.compile("(\\(?-?[\\d/]+\\)?)([-+*/])(\\d+)=(-?[\\d/]+)");

    @Test
    void tracesDoOneOperationPerStepAndNoisyOnesCarryTheirErrorForward() {
        for (Problem p : calc.generate(Split.TRAIN, 300, 5)) {
            Trace correct = calc.trace(p);
            assertEquals(p.gold(), correct.answer());
            assertEquals(p.prompt().difficulty(), correct.steps().size());
            Trace noisy = calc.noisyTrace(p, 0.5, 9);
            Rational carried = null;
            int wrong = 0;
            for (String step : noisy.steps()) {
                Matcher m = STEP.matcher(step);
                assertTrue(m.matches(), step);
                Rational left = Rational.parse(m.group(1).replace("(", "").replace(")", "")).orElseThrow();
                if (carried != null) assertEquals(carried, left, "each step starts from the previous written result: " + noisy.text());
                Rational result = Rational.parse(m.group(4)).orElseThrow();
                Rational truth = RandomCalculationTask.apply(left, m.group(2).charAt(0), Rational.parse(m.group(3)).orElseThrow());
                if (!truth.equals(result)) {
                    wrong++;
                    Rational off = result.subtract(truth).abs();
                    assertTrue(off.isInteger() && off.compareTo(Rational.of(3)) <= 0 && !off.isZero(), step);
                }
                carried = result;
            }
            assertEquals(carried.toString(), noisy.answer());
            assertEquals(wrong, noisy.corruptedSteps());
        }
    }
}
