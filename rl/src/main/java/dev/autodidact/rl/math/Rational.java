package dev.autodidact.rl.math;

import java.math.BigInteger;
import java.util.Optional;

/**
 * An exact rational number p/q in lowest terms with q > 0, used for every task answer so that
 * equivalence never depends on floating-point rounding.
 *
 * <p>The compact constructor reduces, so two equal values are always equal records
 * ({@code 6/4} and {@code 3/2} are the same {@code Rational}).
 */
public record Rational(BigInteger numerator, BigInteger denominator) implements Comparable<Rational> {

    public static final Rational ZERO = new Rational(BigInteger.ZERO, BigInteger.ONE);
    public static final Rational ONE = new Rational(BigInteger.ONE, BigInteger.ONE);

    public Rational {
        if (numerator == null || denominator == null)
            throw new IllegalArgumentException("Rational: numerator and denominator must both be given");
        if (denominator.signum() == 0)
            throw new ArithmeticException("Rational: denominator is zero (numerator " + numerator + ")");
        if (denominator.signum() < 0) {
            numerator = numerator.negate();
            denominator = denominator.negate();
        }
        BigInteger g = numerator.gcd(denominator);
        if (!g.equals(BigInteger.ONE) && g.signum() != 0) {
            numerator = numerator.divide(g);
            denominator = denominator.divide(g);
        }
        if (numerator.signum() == 0) denominator = BigInteger.ONE;
    }

    public static Rational of(long value) {
        return new Rational(BigInteger.valueOf(value), BigInteger.ONE);
    }

    public static Rational of(long numerator, long denominator) {
        return new Rational(BigInteger.valueOf(numerator), BigInteger.valueOf(denominator));
    }

    /**
     * Parses the canonical answer syntax of the task formats: an optional sign, digits, and
     * optionally {@code /digits}; whitespace is ignored and leading zeros allowed. Anything else
     * (decimals, empty text, a zero denominator) gives an empty result rather than an exception,
     * because unparsable model output is an ordinary outcome.
     */
    public static Optional<Rational> parse(String text) {
        String s = stripWhitespace(text);
        int slash = s.indexOf('/');
        if (slash < 0) return parseInteger(s).map(n -> new Rational(n, BigInteger.ONE));
        Optional<BigInteger> p = parseInteger(s.substring(0, slash));
        String qText = s.substring(slash + 1);
        if (qText.startsWith("+") || qText.startsWith("-")) return Optional.empty();
        Optional<BigInteger> q = parseInteger(qText);
        if (p.isEmpty() || q.isEmpty() || q.get().signum() == 0) return Optional.empty();
        return Optional.of(new Rational(p.get(), q.get()));
    }

    /** {@code text} without any whitespace (spaces, tabs, newlines). */
    public static String stripWhitespace(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) if (!Character.isWhitespace(text.charAt(i))) sb.append(text.charAt(i));
        return sb.toString();
    }

    private static Optional<BigInteger> parseInteger(String s) {
        int start = s.startsWith("+") || s.startsWith("-") ? 1 : 0;
        if (s.length() == start || s.length() - start > 10_000) return Optional.empty();
        for (int i = start; i < s.length(); i++) if (s.charAt(i) < '0' || s.charAt(i) > '9') return Optional.empty();
        BigInteger v = new BigInteger(s.substring(start));
        return Optional.of(s.charAt(0) == '-' ? v.negate() : v);
    }

    public Rational add(Rational o) {
        return new Rational(numerator.multiply(o.denominator).add(o.numerator.multiply(denominator)), denominator.multiply(o.denominator));
    }

    public Rational subtract(Rational o) {
        return add(o.negate());
    }

    public Rational multiply(Rational o) {
        return new Rational(numerator.multiply(o.numerator), denominator.multiply(o.denominator));
    }

    /** Exact division; throws {@link ArithmeticException} naming both operands when {@code o} is zero. */
    public Rational divide(Rational o) {
        if (o.isZero()) throw new ArithmeticException("Rational: cannot divide " + this + " by zero");
        return new Rational(numerator.multiply(o.denominator), denominator.multiply(o.numerator));
    }

    public Rational negate() {
        return new Rational(numerator.negate(), denominator);
    }

    public Rational abs() {
        return numerator.signum() < 0 ? negate() : this;
    }

    public boolean isZero() {
        return numerator.signum() == 0;
    }

    public boolean isInteger() {
        return denominator.equals(BigInteger.ONE);
    }

    public int signum() {
        return numerator.signum();
    }

    /** The nearest double; only for continuous rewards and metrics, never for equivalence. */
    public double toDouble() {
        return new java.math.BigDecimal(numerator).divide(new java.math.BigDecimal(denominator), java.math.MathContext.DECIMAL64).doubleValue();
    }

    @Override
    public int compareTo(Rational o) {
        return numerator.multiply(o.denominator).compareTo(o.numerator.multiply(denominator));
    }

    /** Canonical text: {@code -7}, {@code 3/2}, {@code -1/4}; {@link #parse} reads it back. */
    @Override
    public String toString() {
        return isInteger() ? numerator.toString() : numerator + "/" + denominator;
    }
}
