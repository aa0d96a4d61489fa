package dev.autodidact.rl.experiment;

import dev.autodidact.transformer.monitor.Progress;
import org.apache.commons.math3.distribution.TDistribution;


/**
 * Mean, sample standard deviation and 95% confidence interval of one metric over seeds. The
 * interval is Student's t: {@code mean ± t(0.975, n-1) · std / sqrt(n)}. With one seed the
 * standard deviation and the interval are undefined (NaN), and are shown as such, not as 0.
 * Non-finite values are counted in {@code n} and make every statistic NaN: a diverged seed is
 * not silently dropped.
 */
public record Stat(int n, double mean, double std, double ciLow, double ciHigh) {

    public static Stat of(double... values) {
        int n = values.length;
        if (n == 0) return new Stat(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        double sum = 0;
        for (double v : values) sum += v;
        double mean = sum / n;
        if (n == 1) return new Stat(1, mean, Double.NaN, Double.NaN, Double.NaN);
        double ss = 0;
        for (double v : values) ss += (v - mean) * (v - mean);
        double std = Math.sqrt(ss / (n - 1));
        double half = tQuantile975(n - 1) * std / Math.sqrt(n);
        return new Stat(n, mean, std, mean - half, mean + half);
    }

    /** The 0.975 quantile of Student's t with {@code df} degrees of freedom (12.706 for df = 1, 4.303 for df = 2). */
    public static double tQuantile975(int df) {
        return new TDistribution(null, df).inverseCumulativeProbability(0.975);
    }

    /** Half the width of the interval. */
    public double halfWidth() {
        return (ciHigh - ciLow) / 2;
    }

    /** {@code 0.612 ± 0.021 [0.560, 0.664]}, or just the mean with {@code (n=1)}. */
    public String format() {
        if (n == 0) return "—";
        if (n == 1) return num(mean) + " (n=1)";
        return num(mean) + " ± " + num(std) + " [" + num(ciLow) + ", " + num(ciHigh) + "]";
    }

    /** How numbers read in tables and the progress line (one format for both). */
    static String num(double v) {
        return Progress.number(v);
    }
}
