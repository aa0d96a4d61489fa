package dev.autodidact.rl.experiment;

import dev.autodidact.transformer.checkpoint.CheckpointRotation;
import dev.autodidact.transformer.monitor.MetricsLog;
import dev.autodidact.transformer.monitor.MetricsRow;
import dev.autodidact.transformer.monitor.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class ExperimentTest {
    @TempDir
    Path root;

    /** Metrics without the wall clock, for comparing runs. */
    private static List<Map<String, Double>> values(RunDirectory dir) throws Exception {
        return MetricsLog.read(dir.metrics()).stream().map(MetricsRow::values).toList();
    }

    @Test
    void aRunWritesItsDirectory() throws Exception {
        RunDirectory dir = new RunDirectory(root.resolve("run"));
        Summary s = FakeTrainer.train(Recipes.mmUpt(), dir, false, Long.MAX_VALUE).orElseThrow();
        assertEquals(Recipes.mmUpt(), RecipeLoader.load(dir.config(), List.of()), "config.yaml is the resolved recipe");
        assertEquals(6, MetricsLog.read(dir.metrics()).size());
        assertEquals(List.of(1L, 1L, 3L, 3L, 6L, 6L), CompletionsLog.read(dir.completions()).stream().map(Completion::step).toList());
        assertEquals(List.of("step-00000004", "step-00000006"),
                new CheckpointRotation(dir.checkpoints(), 2).checkpoints().stream().map(p -> p.getFileName().toString()).toList(), "keep_last 2");
        assertEquals(6, s.lastStep());
        assertEquals(FakeTrainer.reward(0, 6), s.finals().get("reward/mean"));
        assertEquals("step 3: 40% of the 8 groups have all-equal rewards", s.warnings().getFirst());
        assertTrue(Files.exists(dir.summary()));
        assertTrue(Files.exists(dir.report()));
        for (String g : List.of("reward", "accuracy", "kl", "entropy", "length")) {
            assertTrue(Files.size(dir.plots().resolve(g + ".png")) > 0, g);
            assertTrue(Files.size(dir.plots().resolve(g + ".svg")) > 0, g);
        }
    }

    @Test
    void aCrashedRunResumedFromItsCheckpointLogsEachStepOnce() throws Exception {
        RunDirectory straight = new RunDirectory(root.resolve("straight")), crashed = new RunDirectory(root.resolve("crashed"));
        FakeTrainer.train(Recipes.mmUpt(), straight, false, Long.MAX_VALUE);
        FakeTrainer.train(Recipes.mmUpt(), crashed, false, 5); // checkpoints at 2 and 4, steps 5 logged, then a crash
        Files.writeString(crashed.metrics(), "{\"step\":6,\"time\":1", java.nio.file.StandardOpenOption.APPEND); // torn write
        assertEquals(5, MetricsLog.read(crashed.metrics()).size());

        try (Experiment exp = Experiment.start(Recipes.mmUpt(), crashed, true, Progress.silent())) {
            assertEquals(4, exp.startStep());
            assertEquals(crashed.checkpoints().resolve("step-00000004"), exp.resumeCheckpoint().orElseThrow());
            assertEquals(4, MetricsLog.read(crashed.metrics()).size(), "step 5 is rolled back: it is run again");
        }
        FakeTrainer.train(Recipes.mmUpt(), crashed, true, Long.MAX_VALUE);
        assertEquals(values(straight), values(crashed));
        assertEquals(CompletionsLog.read(straight.completions()), CompletionsLog.read(crashed.completions()));
        assertEquals(Summary.read(straight.summary()).warnings(), Summary.read(crashed.summary()).warnings());
    }

    @Test
    void aFreshStartRefusesADirectoryHoldingARun() throws Exception {
        RunDirectory dir = new RunDirectory(root.resolve("run"));
        FakeTrainer.train(Recipes.mmUpt(), dir, false, 3);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> FakeTrainer.train(Recipes.mmUpt(), dir, false, Long.MAX_VALUE));
        assertTrue(e.getMessage().contains("already holds a run (3 steps logged); resume it with --resume"), e.getMessage());
    }

    @Test
    void resumingWithADifferentRecipeNamesTheKeysThatDiffer() throws Exception {
        RunDirectory dir = new RunDirectory(root.resolve("run"));
        FakeTrainer.train(Recipes.mmUpt(), dir, false, 3);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> FakeTrainer.train(Recipes.mmUpt("optimisation.lr=0.001"), dir, true, Long.MAX_VALUE));
        assertTrue(e.getMessage().contains("optimisation.lr was 1.0E-5, now 0.001"), e.getMessage());
    }

    @Test
    void resumingWithoutACheckpointStartsOver() throws Exception {
        RunDirectory dir = new RunDirectory(root.resolve("run"));
        FakeTrainer.train(Recipes.mmUpt(), dir, false, 1); // crashed before the first checkpoint
        try (Experiment exp = Experiment.start(Recipes.mmUpt(), dir, true, Progress.silent())) {
            assertEquals(0, exp.startStep());
            assertTrue(exp.resumeCheckpoint().isEmpty());
            assertEquals(0, MetricsLog.read(dir.metrics()).size());
        }
    }

    @Test
    void seedsRunInTurnAndAggregateIntoOneTable() throws Exception {
        Path parent = root.resolve("mm-upt");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Report.Result r = Seeds.run(Recipes.mmUpt("run.seed=10"), parent, 3, (recipe, dir) -> FakeTrainer.train(recipe, dir, false, Long.MAX_VALUE),
                new PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(List.of(10L, 11L, 12L), r.table().arms().getFirst().seeds());
        Stat reward = r.table().arms().getFirst().stats().get("reward/mean");
        // final rewards 0.5 + 0.1 s + 0.06 for s = 10, 11, 12: mean 1.66, std 0.1
        assertEquals(1.66, reward.mean(), 1e-12);
        assertEquals(0.1, reward.std(), 1e-12);
        assertEquals(1.66 + 0.1 * Stat.tQuantile975(2) / Math.sqrt(3), reward.ciHigh(), 1e-12);
        for (long s = 10; s <= 12; s++) assertTrue(RunDirectory.isRun(parent.resolve("seed-" + s)));
        assertTrue(Files.exists(parent.resolve("results.json")));
        assertTrue(Files.readString(parent.resolve("results.txt")).contains("mm_upt (n=3)"));
        String out = bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(out.contains("seed 11 -> "), out);
        assertTrue(out.contains("1.6600 ± 0.1000"), out);
        String html = Files.readString(parent.resolve("report.html"));
        assertTrue(html.contains("href=\"seed-10/report.html\""), html);
    }

    @Test
    void aFailingSeedStopsTheSequenceNamingTheSeed() {
        Path parent = root.resolve("failing");
        var e = assertThrows(java.io.IOException.class, () -> Seeds.run(Recipes.mmUpt(), parent, 3, (recipe, dir) -> {
            if (recipe.run().seed() == 1) throw new IllegalStateException("loss is NaN at step 4");
            FakeTrainer.train(recipe, dir, false, Long.MAX_VALUE);
        }, new PrintStream(new ByteArrayOutputStream(), true, java.nio.charset.StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().startsWith("seed 1 ("), e.getMessage());
        assertTrue(e.getMessage().endsWith("failed: loss is NaN at step 4"), e.getMessage());
        assertFalse(Files.exists(parent.resolve("seed-2")), "later seeds do not run");
    }
}
