package dev.autodidact.rl.experiment.plot;

import java.util.List;

/**
 * A line chart: a title, axis labels and named series of (x, y) points. Non-finite y values
 * are gaps in a line, not zeros.
 */
public record LineChart(String id, String title, String xLabel, String yLabel, List<Series> series) {

    /**
     * One named line; {@code x} and {@code y} have the same length.
     *
     * @param color index into the palette, so that one arm keeps its colour on every chart; -1 takes the series' position
     */
    public record Series(String name, double[] x, double[] y, int color) {
        public Series {
            if (x.length != y.length) throw new IllegalArgumentException("series '" + name + "': " + x.length + " x values but " + y.length + " y values");
            if (color < -1) throw new IllegalArgumentException("series '" + name + "': colour index " + color + " (use -1 for the series' position)");
        }

        public Series(String name, double[] x, double[] y) {
            this(name, x, y, -1);
        }
    }

    public LineChart {
        series = List.copyOf(series);
    }
}
