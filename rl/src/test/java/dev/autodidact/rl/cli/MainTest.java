package dev.autodidact.rl.cli;

import dev.autodidact.rl.experiment.Completion;
import dev.autodidact.rl.experiment.CompletionsLog;
import dev.autodidact.transformer.monitor.MetricsLog;
import dev.autodidact.transformer.monitor.MetricsRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class MainTest {
    @TempDir
    Path root;

    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    /** A run directory as a trainer leaves it: config, metrics with evaluations, completions; no summary, plots or report yet. */
    private Path syntheticRun() throws Exception {
        Path dir = root.resolve("runs/mm-upt-add/seed-3");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("config.yaml"), """
                name: mm-upt-add
                paper: Can Large Reasoning Models Self-Train?
                method:
                  name: mm_upt
                  label_free: true
                task:
                  name: add
                run:
                  seed: 3
                """);
        try (MetricsLog log = MetricsLog.open(dir.resolve("metrics.jsonl")); CompletionsLog cl = CompletionsLog.open(dir.resolve("completions.jsonl"))) {
            for (int s = 1; s <= 30; s++) {
                Map<String, Double> m = new LinkedHashMap<>();
                m.put("reward/mean", 0.3 + 0.01 * s);
                m.put("policy/kl_ref", 0.0005 * s);
                m.put("policy/entropy", 0.9 - 0.01 * s);
                m.put("completion/len_mean", 28.0 + s % 4);
                if (s % 10 == 0) m.put("eval/add/pass@1", 0.5 + 0.005 * s);
                log.append(new MetricsRow(s, 1_700_000_000 + 2.0 * s, m));
                if (s % 10 == 0) cl.append(List.of(new Completion(s, 0, 0, "347+589=", "<think>7+9=16 c1;</think><ans>936</ans><eos>", "936", 1, Map.of("majority_vote", 1.0), 0.7)));
            }
        }
        return dir;
    }

    @Test
    void reportRegeneratesEverythingFromTheLogs() throws Exception {
        Path dir = syntheticRun();
        Run r = run("report", dir.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("eval/add/pass@1"), r.out());
        assertTrue(r.out().contains("0.6500 (n=1)"), r.out());
        assertTrue(r.out().contains("report: " + dir.toAbsolutePath().normalize().resolve("report.html")), r.out());
        for (String f : List.of("summary.json", "report.html", "plots/reward.png", "plots/reward.svg", "plots/accuracy.svg", "plots/kl.png",
                "plots/entropy.png", "plots/length.svg"))
            assertTrue(Files.size(dir.resolve(f)) > 0, f);
        String html = Files.readString(dir.resolve("report.html"));
        assertTrue(html.contains("&lt;ans&gt;936&lt;/ans&gt;&lt;eos&gt;"));
        assertTrue(html.contains("mm_upt <span class=\"n\">(n=1)</span>"));

        Run parent = run("report", root.resolve("runs").toString());
        assertEquals(0, parent.code(), parent.err());
        assertTrue(Files.exists(root.resolve("runs/results.json")));
    }

    @Test
    void reportOfAMissingDirectoryIsOneSentenceAndExitCode1() {
        Run r = run("report", root.resolve("nope").toString());
        assertEquals(1, r.code());
        assertEquals("report: " + root.resolve("nope") + ": no such directory", r.err().strip());
    }

    @Test
    void listShowsTheShippedRecipes() {
        Run r = run("list");
        assertEquals(0, r.code(), r.err());
        for (String name : List.of("gt-grpo-add3", "mm-upt-add3", "random-grpo-add3")) assertTrue(r.out().contains(name), r.out());
        assertTrue(r.out().contains("Can Large Reasoning Models Self-Train?"), r.out());
    }

    @Test
    void listShowsEachRecipeWithItsPaperTitle() {
        ListCommand list = new ListCommand();
        list.registry = new dev.autodidact.rl.experiment.RecipeRegistry(MainTest.class.getClassLoader(), "dev/autodidact/rl/experiment/test-recipes/index.txt");
        StringWriter out = new StringWriter();
        picocli.CommandLine cl = new picocli.CommandLine(list);
        cl.setOut(new PrintWriter(out, true));
        assertEquals(0, cl.execute());
        assertEquals("mm-upt-add  Can Large Reasoning Models Self-Train?\n", out.toString());
    }

    @Test
    void helpAdvertisesOnlyTheCommandsThatExist() {
        Run r = run("--help");
        assertEquals(0, r.code());
        List<String> lines = r.out().lines().toList();
        List<String> commands = lines.subList(lines.indexOf("Commands:") + 1, lines.size()).stream()
                .takeWhile(l -> !l.isBlank()).filter(l -> l.matches("  [a-z]+ .*")).map(l -> l.strip().split(" ")[0]).toList();
        assertEquals(List.of("demo", "run", "sft", "eval", "sample", "report", "list", "bench", "help"), commands, r.out());
    }

    @Test
    void versionNamesTheBuild() {
        Run r = run("--version");
        assertEquals(0, r.code());
        assertTrue(r.out().startsWith("autodidact 0."), r.out());
    }

    @Test
    void noCommandIsAUsageError() {
        Run r = run();
        assertEquals(2, r.code());
        assertTrue(r.err().contains("Missing a command"), r.err());
    }
}
