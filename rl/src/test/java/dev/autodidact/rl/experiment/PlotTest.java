package dev.autodidact.rl.experiment;

import dev.autodidact.rl.experiment.plot.ChartRenderer;
import dev.autodidact.rl.experiment.plot.LineChart;
import dev.autodidact.rl.experiment.plot.MetricGroups;
import dev.autodidact.transformer.monitor.MetricsRow;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;

import static dev.autodidact.rl.experiment.MetricMaps.m;
import static org.junit.jupiter.api.Assertions.*;

class PlotTest {

    static List<MetricsRow> trainingRows(int steps) {
        List<MetricsRow> rows = new ArrayList<>();
        for (int s = 1; s <= steps; s++) {
            var v = m("reward/mean", 0.3 + 0.4 * s / steps, "reward/majority_vote/mean", 0.3 + 0.4 * s / steps, "policy/kl_ref", 0.001 * s,
                    "policy/entropy", 1.2 - 0.5 * s / steps, "completion/len_mean", 30 + s % 3, "vote/majority_ratio", 0.5 + 0.3 * s / steps, "lr", 1e-5);
            if (s % 5 == 0) v.putAll(m("eval/add/pass@1", 0.5 + 0.02 * s / 5, "eval/add/maj@8", 0.7 + 0.01 * s / 5, "eval/add/mean_len", 31));
            rows.add(new MetricsRow(s, s, v));
        }
        return rows;
    }

    @Test
    void metricsAreGroupedIntoTheFiveCharts() {
        List<LineChart> charts = MetricGroups.charts(trainingRows(20));
        assertEquals(List.of("reward", "accuracy", "kl", "entropy", "length"), charts.stream().map(LineChart::id).toList());
        LineChart accuracy = charts.get(1);
        assertEquals(List.of("vote/majority_ratio", "eval/add/pass@1", "eval/add/maj@8"), accuracy.series().stream().map(LineChart.Series::name).toList());
        assertEquals(4, accuracy.series().get(1).x().length, "evaluation series hold only evaluation steps");
        assertEquals(List.of("completion/len_mean", "eval/add/mean_len"), charts.get(4).series().stream().map(LineChart.Series::name).toList());
    }

    @Test
    void svgHasTheSeriesNamesAxesAndOneLinePerSeries() {
        LineChart reward = MetricGroups.charts(trainingRows(60)).getFirst();
        String svg = ChartRenderer.svg(reward);
        assertTrue(svg.startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assertTrue(svg.contains(">reward/mean</text>"));
        assertTrue(svg.contains(">reward/majority_vote/mean</text>"));
        assertTrue(svg.contains(">step</text>"));
        assertTrue(svg.contains(">Reward</text>"));
        assertEquals(2, svg.split("<polyline", -1).length - 1);
        assertTrue(svg.contains(">0.40</text>") || svg.contains(">0.4</text>"), "y ticks at nice values: " + svg);
    }

    @Test
    void pngDecodesToAnImageWithInk() throws Exception {
        byte[] png = ChartRenderer.png(MetricGroups.charts(trainingRows(30)).get(1));
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(ChartRenderer.WIDTH, img.getWidth());
        assertEquals(ChartRenderer.HEIGHT, img.getHeight());
        int coloured = 0;
        for (int y = 0; y < img.getHeight(); y += 2)
            for (int x = 0; x < img.getWidth(); x += 2) {
                int rgb = img.getRGB(x, y);
                int r = (rgb >> 16) & 255, g = (rgb >> 8) & 255, b = rgb & 255;
                if (Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 60) coloured++;
            }
        assertTrue(coloured > 100, "the series lines are drawn in colour, found " + coloured + " coloured samples");
    }

    @Test
    void gapsAndEmptyChartsDoNotBreakTheRenderer() {
        LineChart gaps = new LineChart("x", "Gaps", "step", "v", List.of(new LineChart.Series("a", new double[] {1, 2, 3, 4}, new double[] {1, Double.NaN, 3, 4})));
        String svg = ChartRenderer.svg(gaps);
        assertEquals(1, svg.split("<polyline", -1).length - 1, "the NaN splits the line; the single point before it is a dot");
        assertTrue(ChartRenderer.svg(new LineChart("e", "Empty", "step", "v", List.of())).contains(">no data</text>"));
        assertTrue(ChartRenderer.png(new LineChart("c", "Constant", "step", "v", List.of(new LineChart.Series("c", new double[] {1, 2}, new double[] {5, 5})))).length > 100);
    }

    @Test
    void seriesNamesAreEscapedInSvg() {
        String svg = ChartRenderer.svg(new LineChart("x", "a<b", "step", "v", List.of(new LineChart.Series("x&<y>", new double[] {1, 2}, new double[] {1, 2}))));
        assertTrue(svg.contains(">x&amp;&lt;y&gt;</text>"));
        assertFalse(svg.contains("x&<y>"));
    }

    @Test
    void meanCurveAveragesRunsStepByStep() {
        List<MetricsRow> mean = MetricGroups.mean(List.of(
                List.of(new MetricsRow(1, 0, m("reward/mean", 0.2)), new MetricsRow(2, 0, m("reward/mean", 0.4))),
                List.of(new MetricsRow(1, 0, m("reward/mean", 0.4)), new MetricsRow(2, 0, m("reward/mean", 0.8)))));
        assertEquals(0.3, mean.get(0).get("reward/mean"), 1e-12);
        assertEquals(0.6, mean.get(1).get("reward/mean"), 1e-12);
    }
}
