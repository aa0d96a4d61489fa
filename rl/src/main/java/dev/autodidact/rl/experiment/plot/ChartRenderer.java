package dev.autodidact.rl.experiment.plot;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Draws a {@link LineChart} (axes with ticks and labels, grid, one coloured line per series,
 * dots on sparse series, and below the plot a legend of whole series names in as many columns
 * as fit) onto a {@link Canvas}; the same layout gives the SVG and the PNG. The chart is as
 * tall as its legend needs.
 */
public final class ChartRenderer {
    public static final int WIDTH = 760;
    /** Height of the plot with its title and axis labels, above the legend. */
    static final int PLOT_HEIGHT = 340;
    private static final double LEFT = 70, RIGHT = 24, TOP = 36, BOTTOM = 52;
    /** Legend rows, and a generous width per character of its 11-pixel text (it is laid out before any font is known). */
    private static final double ROW = 18, CHAR_WIDTH = 6.7, SWATCH = 30, LEGEND_PAD = 12;
    private static final Color AXIS = new Color(0x33, 0x33, 0x33), GRID = new Color(0xdd, 0xdd, 0xdd), TEXT = new Color(0x22, 0x22, 0x22);
    /** Tableau's ten colours, which stay distinguishable for most colour-blind readers. */
    static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd),
            new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf)};
    /** Series with at most this many points get a dot on each point (evaluation curves). */
    private static final int DOTS_UP_TO = 40;

    private ChartRenderer() {}

    public static String svg(LineChart chart) {
        SvgCanvas c = new SvgCanvas(WIDTH, height(chart), chart.title());
        draw(chart, c, WIDTH);
        return c.finish();
    }

    public static BufferedImage image(LineChart chart) {
        AwtCanvas c = new AwtCanvas(WIDTH, height(chart));
        draw(chart, c, WIDTH);
        return c.finish();
    }

    /** The chart's height in pixels: the plot and its legend. */
    public static int height(LineChart chart) {
        int n = chart.series().size();
        return n == 0 ? PLOT_HEIGHT : (int) Math.ceil(PLOT_HEIGHT + LEGEND_PAD + rows(chart, WIDTH) * ROW);
    }

    private static double itemWidth(LineChart chart) {
        int longest = chart.series().stream().mapToInt(s -> s.name().length()).max().orElse(0);
        return SWATCH + 10 + CHAR_WIDTH * longest + 18;
    }

    private static int columns(LineChart chart, int width) {
        return Math.max(1, (int) ((width - LEFT - RIGHT) / itemWidth(chart)));
    }

    private static int rows(LineChart chart, int width) {
        int columns = columns(chart, width);
        return (chart.series().size() + columns - 1) / columns;
    }

    public static byte[] png(LineChart chart) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image(chart), "png", out)) throw new IllegalStateException("no PNG writer in this JDK");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static void draw(LineChart chart, Canvas c, int width) {
        int height = PLOT_HEIGHT;
        double x0 = LEFT, x1 = width - RIGHT, y0 = TOP, y1 = height - BOTTOM;
        double xmin = Double.POSITIVE_INFINITY, xmax = Double.NEGATIVE_INFINITY, ymin = Double.POSITIVE_INFINITY, ymax = Double.NEGATIVE_INFINITY;
        for (LineChart.Series s : chart.series())
            for (int i = 0; i < s.x().length; i++) {
                if (!Double.isFinite(s.x()[i]) || !Double.isFinite(s.y()[i])) continue;
                xmin = Math.min(xmin, s.x()[i]);
                xmax = Math.max(xmax, s.x()[i]);
                ymin = Math.min(ymin, s.y()[i]);
                ymax = Math.max(ymax, s.y()[i]);
            }
        boolean empty = xmin > xmax;
        if (empty) {
            xmin = 0;
            xmax = 1;
            ymin = 0;
            ymax = 1;
        }
        Ticks xt = Ticks.of(xmin, xmax, 7), yt = Ticks.of(ymin, ymax, 6);
        double fxMin = xt.min(), fxMax = xt.max(), fyMin = yt.min(), fyMax = yt.max();
        java.util.function.DoubleUnaryOperator sx = v -> x0 + (v - fxMin) / (fxMax - fxMin) * (x1 - x0);
        java.util.function.DoubleUnaryOperator sy = v -> y1 - (v - fyMin) / (fyMax - fyMin) * (y1 - y0);

        c.text(width / 2.0, 22, chart.title(), 15, Canvas.Anchor.MIDDLE, true, false, TEXT);
        for (double v : yt.values()) {
            double y = sy.applyAsDouble(v);
            c.line(x0, y, x1, y, GRID, 1, false);
            c.line(x0 - 5, y, x0, y, AXIS, 1, false);
            c.text(x0 - 8, y + 4, yt.label(v), 11, Canvas.Anchor.END, false, false, TEXT);
        }
        for (double v : xt.values()) {
            double x = sx.applyAsDouble(v);
            c.line(x, y0, x, y1, GRID, 1, true);
            c.line(x, y1, x, y1 + 5, AXIS, 1, false);
            c.text(x, y1 + 18, xt.label(v), 11, Canvas.Anchor.MIDDLE, false, false, TEXT);
        }
        c.rect(x0, y0, x1 - x0, y1 - y0, AXIS, null);
        c.text((x0 + x1) / 2, height - 12, chart.xLabel(), 12, Canvas.Anchor.MIDDLE, false, false, TEXT);
        c.text(18, (y0 + y1) / 2, chart.yLabel(), 12, Canvas.Anchor.MIDDLE, false, true, TEXT);
        if (empty) c.text((x0 + x1) / 2, (y0 + y1) / 2, "no data", 13, Canvas.Anchor.MIDDLE, false, false, AXIS);

        int columns = columns(chart, width);
        double itemWidth = itemWidth(chart);
        for (int k = 0; k < chart.series().size(); k++) {
            LineChart.Series s = chart.series().get(k);
            Color color = PALETTE[(s.color() >= 0 ? s.color() : k) % PALETTE.length];
            List<double[]> run = new ArrayList<>();
            int points = 0;
            for (int i = 0; i < s.x().length; i++) if (Double.isFinite(s.x()[i]) && Double.isFinite(s.y()[i])) points++;
            for (int i = 0; i <= s.x().length; i++) {
                boolean ok = i < s.x().length && Double.isFinite(s.x()[i]) && Double.isFinite(s.y()[i]);
                if (ok) run.add(new double[] {sx.applyAsDouble(s.x()[i]), sy.applyAsDouble(s.y()[i])});
                if (!ok || i == s.x().length) {
                    if (run.size() > 1) {
                        double[] xs = run.stream().mapToDouble(p -> p[0]).toArray(), ys = run.stream().mapToDouble(p -> p[1]).toArray();
                        c.polyline(xs, ys, color, 1.8);
                    }
                    if (points <= DOTS_UP_TO || run.size() == 1) for (double[] p : run) c.dot(p[0], p[1], 2.6, color);
                    run.clear();
                }
            }
            double lx = x0 + (k % columns) * itemWidth, ly = height + LEGEND_PAD / 2 + (k / columns) * ROW;
            c.line(lx, ly + 5, lx + SWATCH - 10, ly + 5, color, 2.5, false);
            c.text(lx + SWATCH - 4, ly + 9, s.name(), 11, Canvas.Anchor.START, false, false, TEXT);
        }
    }
}
