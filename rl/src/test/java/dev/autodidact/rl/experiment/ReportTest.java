package dev.autodidact.rl.experiment;

import dev.autodidact.transformer.monitor.MetricsLog;
import dev.autodidact.transformer.monitor.MetricsRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class ReportTest {
    @TempDir
    Path root;

    @Test
    void reportIsSelfContainedWellFormedAndEscapesCompletions() throws Exception {
        RunDirectory dir = new RunDirectory(root.resolve("run"));
        FakeTrainer.train(Recipes.mmUpt(), dir, false, Long.MAX_VALUE);
        String html = Files.readString(dir.report());
        HtmlCheck.wellFormed(html);
        assertFalse(html.contains("<script>"), "completion text is escaped");
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assertTrue(html.contains("&lt;think&gt;2+4=6 c0;&lt;/think&gt;"));
        assertTrue(html.contains("<table class=\"results\">"));
        assertTrue(html.contains("<td class=\"key\">eval/add/pass@1</td>"));
        assertTrue(html.contains("<td class=\"key\">reward/mean</td>"));
        assertTrue(html.contains("<figure id=\"chart-reward\">\n<svg"));
        assertTrue(html.contains("Can Large Reasoning Models Self-Train?"));
        assertTrue(html.contains("mm_upt (label-free)"));
        assertTrue(html.contains("40% of the 8 groups"), "warnings are shown");
        assertTrue(html.contains("prompts_per_step: 8"), "the resolved recipe is shown");
    }

    @Test
    void aRunDirectoryWithOnlyAMetricsLogStillGetsAReport() throws Exception {
        Path dir = root.resolve("bare");
        Files.createDirectories(dir);
        try (MetricsLog log = MetricsLog.open(dir.resolve("metrics.jsonl"))) {
            for (int s = 1; s <= 4; s++) log.append(new MetricsRow(s, s, MetricMaps.m("reward/mean", 0.1 * s, "policy/kl_ref", 0.01 * s)));
        }
        Report.Result r = Report.generate(dir);
        assertEquals(dir.resolve("report.html"), r.report());
        assertEquals(4, r.plots().size(), "reward and kl, PNG and SVG");
        Summary s = Summary.read(dir.resolve("summary.json"));
        assertEquals("bare", s.arm());
        assertEquals(0.4, s.finals().get("reward/mean"), 1e-12);
        HtmlCheck.wellFormed(Files.readString(r.report()));
    }

    @Test
    void aDirectoryOfArmsIsComparedArmByArm() throws Exception {
        Path parent = root.resolve("study");
        for (long seed = 0; seed < 2; seed++) {
            FakeTrainer.train(Recipes.mmUpt("run.seed=" + seed), RunDirectory.seed(parent.resolve("mm_upt"), seed), false, Long.MAX_VALUE);
            FakeTrainer.train(Recipes.mmUpt("run.seed=" + seed, "method.name=random_grpo", "reward.terms=[{name: random, weight: 1.0}]"),
                    RunDirectory.seed(parent.resolve("random"), seed), false, Long.MAX_VALUE);
        }
        Report.Result r = Report.generate(parent);
        assertEquals(4, r.runs().size());
        assertEquals(List.of("mm_upt", "random_grpo"), r.table().arms().stream().map(ResultsTable.Arm::name).toList());
        String html = Files.readString(r.report());
        HtmlCheck.wellFormed(html);
        assertTrue(html.contains(">mm_upt</text>") && html.contains(">random_grpo</text>"), "one mean curve per arm, named by the arm on a chart of one metric");
        assertTrue(html.contains("random_grpo <span class=\"n\">(n=2)</span>"));
    }

    @Test
    void aDirectoryWithoutRunsIsAClearError() throws Exception {
        Files.createDirectories(root.resolve("empty"));
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> Report.generate(root.resolve("empty")));
        assertTrue(e.getMessage().contains("not a run directory (no metrics.jsonl)"), e.getMessage());
        assertThrows(NoSuchFileException.class, () -> Report.generate(root.resolve("missing")));
    }
}
