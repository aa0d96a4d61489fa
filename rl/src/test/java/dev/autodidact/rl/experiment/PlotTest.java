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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
    void metricsAreGroupedIntoCharts() {
        List<LineChart> charts = MetricGroups.charts(trainingRows(20));
        assertEquals(List.of("reward", "accuracy", "self-reward", "kl", "entropy", "length"), charts.stream().map(LineChart::id).toList());
        LineChart accuracy = charts.get(1);
        assertEquals(List.of("eval/add/pass@1", "eval/add/maj@8"), names(accuracy));
        assertEquals(4, accuracy.series().get(0).x().length, "evaluation series hold only evaluation steps");
        assertEquals(List.of("vote/majority_ratio"), names(charts.get(2)));
        assertEquals(List.of("completion/len_mean", "eval/add/mean_len"), names(charts.get(5)));
    }

    private static List<String> names(LineChart c) {
        return c.series().stream().map(LineChart.Series::name).toList();
    }

    /** The rows of an arm of the demo: training metrics every step, ID and OOD evaluations with calibration every 10. */
    static List<MetricsRow> armRows(double level) {
        List<MetricsRow> rows = new ArrayList<>();
        for (int s = 1; s <= 30; s++) {
            var v = m("reward/mean", level, "reward/total/mean", level, "policy/entropy", 0.05, "vote/label_acc", level, "vote/reward_acc", level);
            if (s % 10 == 0)
                for (String split : List.of("test", "ood"))
                    for (String metric : List.of("acc_greedy", "pass@1", "pass@8", "maj@8", "self_certainty", "entropy", "ece_vote", "auroc_vote", "brier_vote", "vote_share"))
                        v.put("eval/add3/" + split + "/" + metric, level + s / 100.0);
            rows.add(new MetricsRow(s, s, v));
        }
        return rows;
    }

    @Test
    void crowdedGroupsSplitByFacetThenByMetricWithFullNames() {
        Map<String, List<MetricsRow>> arms = new LinkedHashMap<>();
        for (String arm : List.of("base", "gt_grpo", "mm_upt", "random_grpo")) arms.put(arm, armRows(arms.size() / 4.0));
        List<LineChart> charts = MetricGroups.charts(arms);
        for (LineChart c : charts) assertTrue(c.series().size() <= MetricGroups.MAX_SERIES, c.id() + " has " + c.series().size() + " lines");
        List<String> ids = charts.stream().map(LineChart::id).toList();
        // 4 arms x 2 splits x 4 accuracy metrics: one chart per split and metric, one line per arm
        assertTrue(ids.containsAll(List.of("accuracy-add3-test-pass-1", "accuracy-add3-test-maj-8", "accuracy-add3-ood-acc_greedy", "accuracy-add3-ood-pass-8")), ids.toString());
        LineChart pass1 = charts.get(ids.indexOf("accuracy-add3-ood-pass-1"));
        assertEquals("pass@1 — add3/ood", pass1.title());
        assertEquals(List.of("base", "gt_grpo", "mm_upt", "random_grpo"), names(pass1));
        assertEquals(List.of(0, 1, 2, 3), pass1.series().stream().map(LineChart.Series::color).toList(), "an arm keeps its colour");
        // 4 arms x 2 vote metrics: split by facet, the facet (training) has 8 lines, one chart named "arm: key"
        LineChart vote = charts.get(ids.indexOf("self-reward"));
        assertEquals("mm_upt: vote/reward_acc", vote.series().get(5).name());
        // 4 arms x (1 training + 2 evaluation) entropy lines: one chart per facet; self-certainty (4 x 2) on one chart of its own
        assertTrue(ids.containsAll(List.of("entropy", "entropy-add3-test", "entropy-add3-ood", "certainty")), ids.toString());
        assertEquals(List.of("base", "gt_grpo", "mm_upt", "random_grpo"), names(charts.get(ids.indexOf("entropy-add3-test"))));
        assertEquals("gt_grpo: eval/add3/ood/self_certainty", charts.get(ids.indexOf("certainty")).series().get(3).name());
        // ECE and AUROC of the vote (Brier and the share are in the table only): 4 arms x 2 per split
        assertEquals(List.of("base: ece_vote", "base: auroc_vote"), names(charts.get(ids.indexOf("calibration-vote-add3-test"))).subList(0, 2));
        assertEquals(List.of("base", "gt_grpo", "mm_upt", "random_grpo"), names(charts.getFirst()),
                "reward/total/mean repeats reward/mean and is not drawn, so the lines are one metric's, named by arm");
    }

    @Test
    void theLegendHoldsWholeNamesAndGrowsTheChart() {
        List<LineChart.Series> many = new ArrayList<>();
        for (int k = 0; k < 8; k++) many.add(new LineChart.Series("random_grpo: eval/add3/test/auroc_token_prob_" + k, new double[] {1, 2}, new double[] {k, k + 1}));
        LineChart crowded = new LineChart("c", "Crowded", "step", "v", many);
        String svg = ChartRenderer.svg(crowded);
        for (LineChart.Series s : many) assertTrue(svg.contains(">" + s.name() + "</text>"), s.name());
        LineChart one = new LineChart("o", "One", "step", "v", many.subList(0, 1));
        assertTrue(ChartRenderer.height(crowded) > ChartRenderer.height(one), "eight long names take more legend rows than one");
        assertTrue(svg.contains("height=\"" + ChartRenderer.height(crowded) + "\""));
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
        assertEquals(ChartRenderer.height(MetricGroups.charts(trainingRows(30)).get(1)), img.getHeight());
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
