package dev.autodidact.rl.experiment.plot;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Axis ticks at "nice" values (1, 2 or 5 times a power of ten) covering a data range, after
 * Heckbert's "Nice numbers for graph labels" (Graphics Gems, 1990).
 *
 * @param min  the axis start (a tick, at or below the data minimum)
 * @param max  the axis end (a tick, at or above the data maximum)
 * @param step the distance between ticks
 */
record Ticks(double min, double max, double step) {

    /** About {@code count} ticks covering [lo, hi]; an empty range is widened around its value. */
    static Ticks of(double lo, double hi, int count) {
        if (!(lo <= hi)) throw new IllegalArgumentException("ticks: need lo <= hi, got " + lo + " and " + hi);
        if (lo == hi) {
            double pad = lo == 0 ? 1 : Math.abs(lo) * 0.1;
            lo -= pad;
            hi += pad;
        }
        double step = nice((hi - lo) / Math.max(1, count - 1), true);
        return new Ticks(Math.floor(lo / step) * step, Math.ceil(hi / step) * step, step);
    }

    private static double nice(double x, boolean round) {
        double exp = Math.floor(Math.log10(x));
        double f = x / Math.pow(10, exp);
        double nf;
        if (round) nf = f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10;
        else nf = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
        return nf * Math.pow(10, exp);
    }

    List<Double> values() {
        List<Double> out = new ArrayList<>();
        for (int i = 0; ; i++) {
            double v = min + i * step;
            if (v > max + step * 1e-9) break;
            out.add(Math.abs(v) < step * 1e-9 ? 0.0 : v);
        }
        return out;
    }

    /** A tick label with as many decimals as the step needs. */
    String label(double v) {
        int decimals = Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9));
        if (Math.abs(v) >= 1e5 || (step < 1e-4)) return String.format(Locale.ROOT, "%.1e", v);
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
}
