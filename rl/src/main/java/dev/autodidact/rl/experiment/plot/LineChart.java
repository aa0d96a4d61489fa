package dev.autodidact.rl.experiment.plot;

import java.util.List;

/**
 * A line chart: a title, axis labels and named series of (x, y) points. Non-finite y values
 * are gaps in a line, not zeros.
 */
public record LineChart(String id, String title, String xLabel, String yLabel, List<Series> series) {

    /** One named line; {@code x} and {@code y} have the same length. */
    public record Series(String name, double[] x, double[] y) {
        public Series {
            if (x.length != y.length) throw new IllegalArgumentException("series '" + name + "': " + x.length + " x values but " + y.length + " y values");
        }
    }

    public LineChart {
        series = List.copyOf(series);
    }
}
