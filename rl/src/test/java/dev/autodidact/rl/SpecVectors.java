package dev.autodidact.rl;

import java.math.BigDecimal;
import java.math.MathContext;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Comparison to the numeric test vectors of algorithms-text §17, which are rounded to 7 significant digits. */
public final class SpecVectors {
    private SpecVectors() {}

    /** {@code actual}, rounded to 7 significant digits, is exactly {@code expected}. */
    public static void assertSig7(double expected, double actual, String what) {
        double rounded = new BigDecimal(actual).round(new MathContext(7)).doubleValue();
        assertEquals(expected, rounded, 0, what + ": " + actual + " rounds to " + rounded);
    }
}
