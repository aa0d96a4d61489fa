package dev.autodidact.rl.math;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.*;

class RationalTest {

    @Test
    void valuesAreKeptInLowestTermsWithPositiveDenominator() {
        assertEquals(Rational.of(3, 2), Rational.of(6, 4));
        assertEquals(Rational.of(-3, 2), Rational.of(6, -4));
        assertEquals("-3/2", Rational.of(6, -4).toString());
        assertEquals(Rational.ZERO, Rational.of(0, -7));
        assertEquals("0", Rational.of(0, -7).toString());
    }

    @Test
    void parsingCanonicalisesSignsSpacesAndLeadingZeros() {
        assertEquals(Optional.of(Rational.of(7)), Rational.parse(" +007 "));
        assertEquals(Optional.of(Rational.of(-3, 2)), Rational.parse("-6/4"));
        assertEquals(Optional.of(Rational.of(936)), Rational.parse("0936"));
        assertEquals(Optional.of(Rational.ZERO), Rational.parse("-0"));
    }

    @Test
    void unreadableTextParsesToNothing() {
        for (String bad : new String[] {"", " ", "+", "1.5", "--1", "1/0", "1/-2", "3/", "/3", "1e3", "12a", "1/2/3", "٣"})
            assertTrue(Rational.parse(bad).isEmpty(), bad);
    }

    @Test
    void arithmeticIsExact() {
        Rational third = Rational.of(1, 3);
        assertEquals(Rational.ONE, third.add(third).add(third));
        assertEquals(Rational.of(-1, 6), Rational.of(1, 3).subtract(Rational.of(1, 2)));
        assertEquals(Rational.of(2, 9), third.multiply(Rational.of(2, 3)));
        assertEquals(Rational.of(1, 2), third.divide(Rational.of(2, 3)));
        assertTrue(Rational.of(1, 3).compareTo(Rational.of(1, 2)) < 0);
        assertEquals(0.25, Rational.of(1, 4).toDouble());
        ArithmeticException e = assertThrows(ArithmeticException.class, () -> third.divide(Rational.ZERO));
        assertTrue(e.getMessage().contains("cannot divide 1/3 by zero"), e.getMessage());
    }

    @Test
    void textRoundTrips() {
        for (Rational r : new Rational[] {Rational.of(-5), Rational.of(22, 7), Rational.of(-1, 4), Rational.ZERO})
            assertEquals(Optional.of(r), Rational.parse(r.toString()));
    }
}
