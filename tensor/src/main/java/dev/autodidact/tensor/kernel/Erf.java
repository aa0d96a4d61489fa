package dev.autodidact.tensor.kernel;

/**
 * The error function, which {@link Math} lacks. Abramowitz and Stegun 7.1.26: a rational
 * approximation with absolute error below 1.5e-7 — below float precision near the values GELU
 * cares about, and a handful of multiply-adds, so the SIMD kernel uses the same formula.
 */
public final class Erf {
    public static final double P = 0.3275911;
    public static final double A1 = 0.254829592, A2 = -0.284496736, A3 = 1.421413741, A4 = -1.453152027, A5 = 1.061405429;

    private Erf() {}

    public static double erf(double x) {
        double ax = Math.abs(x);
        double t = 1.0 / (1.0 + P * ax);
        double y = 1.0 - ((((A5 * t + A4) * t + A3) * t + A2) * t + A1) * t * Math.exp(-ax * ax);
        return Math.copySign(y, x);
    }
}
