package dev.autodidact.rl.experiment;

import dev.autodidact.transformer.monitor.MetricsRow;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.OptionalLong;

import static dev.autodidact.rl.experiment.MetricMaps.m;
import static org.junit.jupiter.api.Assertions.*;

class StatTest {

    @Test
    void tQuantilesMatchTheTable() {
        assertEquals(12.7062, Stat.tQuantile975(1), 1e-4);
        assertEquals(4.3027, Stat.tQuantile975(2), 1e-4);
        assertEquals(2.2622, Stat.tQuantile975(9), 1e-4);
    }

    @Test
    void threeSeedsGiveHandComputedMeanStdAndInterval() {
        // mean 0.6; deviations -0.1, 0.1, 0: std = sqrt(0.02 / 2) = 0.1; half width = 4.302653 * 0.1 / sqrt(3) = 0.248414
        Stat s = Stat.of(0.5, 0.7, 0.6);
        assertEquals(3, s.n());
        assertEquals(0.6, s.mean(), 1e-12);
        assertEquals(0.1, s.std(), 1e-12);
        assertEquals(0.6 - 0.248414, s.ciLow(), 1e-6);
        assertEquals(0.6 + 0.248414, s.ciHigh(), 1e-6);
        assertEquals("0.6000 ± 0.1000 [0.3516, 0.8484]", s.format());
    }

    @Test
    void oneSeedHasNoSpreadRatherThanZero() {
        Stat s = Stat.of(0.42);
        assertTrue(Double.isNaN(s.std()));
        assertEquals("0.4200 (n=1)", s.format());
    }

    @Test
    void aDivergedSeedMakesTheStatisticNaN() {
        assertTrue(Double.isNaN(Stat.of(0.5, Double.NaN, 0.7).mean()));
    }

    @Test
    void tableAggregatesEachArmOverItsSeeds() {
        List<Summary> runs = List.of(
                summary("mm_upt", 0, 0.5, 0.30), summary("mm_upt", 1, 0.7, 0.40), summary("mm_upt", 2, 0.6, 0.50),
                summary("gt_grpo", 0, 0.8, 0.9), summary("gt_grpo", 1, 0.9, 1.0));
        ResultsTable t = ResultsTable.of(runs);
        assertEquals(List.of("eval/add/pass@1", "reward/mean"), t.metrics());
        assertEquals(List.of("mm_upt", "gt_grpo"), t.arms().stream().map(ResultsTable.Arm::name).toList());
        Stat mm = t.arms().getFirst().stats().get("eval/add/pass@1");
        assertEquals(0.6, mm.mean(), 1e-12);
        assertEquals(0.1, mm.std(), 1e-12);
        Stat gt = t.arms().get(1).stats().get("eval/add/pass@1");
        // two seeds: std = 0.0707107, half width = 12.706205 * 0.0707107 / sqrt(2) = 0.635310
        assertEquals(0.85, gt.mean(), 1e-12);
        assertEquals(0.85 - 0.635310, gt.ciLow(), 1e-6);
        assertEquals(List.of(0L, 1L, 2L), t.arms().getFirst().seeds());
        String text = t.toText();
        assertTrue(text.contains("mm_upt (n=3)"), text);
        assertTrue(text.contains("0.6000 ± 0.1000 [0.3516, 0.8484]"), text);
        var json = t.toJson();
        assertEquals(0.6, json.get("arms").get(0).get("metrics").get("eval/add/pass@1").get("mean").asDouble(), 1e-12);
        assertEquals(0.85 + 0.635310, json.get("arms").get(1).get("metrics").get("eval/add/pass@1").get("ci95").get(1).asDouble(), 1e-6);
        assertTrue(t.toHtml().contains("<td class=\"key\">eval/add/pass@1</td>"));
    }

    private static Summary summary(String arm, long seed, double pass1, double reward) {
        return Summary.of(arm + "-" + seed, "r", arm, "", OptionalLong.of(seed), List.of(new MetricsRow(10, 0, m("reward/mean", reward, "eval/add/pass@1", pass1))), List.of());
    }
}
