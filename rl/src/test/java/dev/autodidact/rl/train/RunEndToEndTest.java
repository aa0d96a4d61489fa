package dev.autodidact.rl.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autodidact.rl.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CI-sized smoke test: {@code autodidact run} with a tiny noisy-teacher base, 3 RL steps of
 * 2 prompts x 4 samples, evaluation and a checkpoint, end to end through the command line.
 */
class RunEndToEndTest {
    @TempDir
    Path tmp;

    static final List<String> TINY = List.of(
            "--set", "model.base=noisy-teacher:size=tiny,steps=20,batch=8",
            "--set", "run.steps=3", "--set", "rollout.prompts_per_step=2", "--set", "rollout.group_size=4",
            "--set", "optimisation.mini_batch_size=4", "--set", "optimisation.epochs=2",
            "--set", "evaluation.every=2", "--set", "evaluation.prompts=3", "--set", "evaluation.samples=2", "--set", "evaluation.k=2",
            "--set", "run.checkpoint_every=2", "--set", "run.completions_every=2", "--set", "run.completions_prompts=1");

    private int run(List<String> args, StringWriter out, StringWriter err) {
        return Main.execute(args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void runTrainsATinyBaseThenRlStepsAndWritesTheRunDirectory() throws Exception {
        for (String recipe : List.of("mm-upt-add3", "gt-grpo-add3")) {
            Path dir = tmp.resolve(recipe);
            StringWriter out = new StringWriter(), err = new StringWriter();
            List<String> args = new java.util.ArrayList<>(List.of("run", recipe, "--out", dir.toString(), "--bases", tmp.resolve("bases").toString()));
            args.addAll(TINY);
            assertEquals(0, run(args, out, err), out + "\n" + err);
            List<String> rows = Files.readAllLines(dir.resolve("metrics.jsonl"));
            assertEquals(3, rows.size(), String.join("\n", rows));
            JsonNode last = new ObjectMapper().readTree(rows.get(2));
            for (String key : List.of("reward/mean", "policy/kl_ref", "policy/clip_frac", "policy/entropy", "completion/len_mean",
                    "time/gen_s", "time/score_s", "time/update_s", "eval/add3/test/pass@1", "eval/add3/test/maj@2", "vote/label_acc"))
                assertTrue(last.has(key), key + " missing from " + last);
            assertTrue(Files.isRegularFile(dir.resolve("report.html")));
            assertTrue(Files.isRegularFile(dir.resolve("summary.json")));
            assertTrue(Files.size(dir.resolve("completions.jsonl")) > 0);
            assertTrue(Files.isDirectory(dir.resolve("checkpoints")));
            StringWriter evalOut = new StringWriter();
            assertEquals(0, run(List.of("eval", dir.toString(), "--prompts", "2", "--samples", "2", "--k", "2", "--split", "test", "--split", "ood"),
                    evalOut, err), err.toString());
            assertTrue(evalOut.toString().contains("eval/add3/ood/pass@1"), evalOut.toString());
        }
        // Both recipes asked for the same base: it was trained once, with its statistics beside it.
        try (var bases = Files.list(tmp.resolve("bases"))) {
            List<Path> all = bases.toList();
            assertEquals(1, all.size(), all.toString());
            assertTrue(Files.isRegularFile(all.getFirst().resolve("stats.json")));
        }
    }

    @Test
    void aResumedRunRepeatsTheUninterruptedRunsStepExactly() throws Exception {
        Path dir = tmp.resolve("resume");
        List<String> args = new java.util.ArrayList<>(List.of("run", "random-grpo-add3", "--out", dir.toString(), "--bases", tmp.resolve("bases").toString()));
        args.addAll(TINY);
        StringWriter out = new StringWriter(), err = new StringWriter();
        assertEquals(0, run(args, out, err), out + "\n" + err);
        JsonNode uninterrupted = new ObjectMapper().readTree(Files.readAllLines(dir.resolve("metrics.jsonl")).get(2));
        // As if the run had died during step 3: only the step-2 checkpoint (model, AdamW state, data cursor) is left.
        try (var ckpts = Files.list(dir.resolve("checkpoints"))) {
            for (Path c : ckpts.filter(p -> p.getFileName().toString().endsWith("3")).toList())
                try (var walk = Files.walk(c)) {
                    for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
                }
        }
        // the checkpoint carries the entropy history behind the entropy-collapse warning
        var state = dev.autodidact.transformer.checkpoint.TrainerState.read(dir.resolve("checkpoints").resolve("step-00000002").resolve("trainer_state.json"));
        double[] history = RlRun.decodeHistory(state.extra().get(RlRun.ENTROPY_HISTORY), dir);
        assertEquals(2, history.length, state.toString());
        List<String> warningsBefore = Files.readAllLines(dir.resolve("warnings.jsonl"));
        args.add("--resume");
        assertEquals(0, run(args, out, err), out + "\n" + err);
        assertEquals(warningsBefore, Files.readAllLines(dir.resolve("warnings.jsonl")));
        List<String> rows = Files.readAllLines(dir.resolve("metrics.jsonl"));
        assertEquals(3, rows.size());
        JsonNode resumed = new ObjectMapper().readTree(rows.get(2));
        int compared = MetricRows.assertSameExceptTime(uninterrupted, resumed);
        assertTrue(compared > 20, "compared " + compared + " metrics");
    }

    @Test
    void demoComparesTheFourArmsFromOneBaseInOneTable() throws Exception {
        Path dir = tmp.resolve("demo");
        List<String> args = new java.util.ArrayList<>(List.of("demo", "--quick", "--out", dir.toString(), "--bases", tmp.resolve("bases").toString()));
        args.addAll(TINY);
        StringWriter out = new StringWriter(), err = new StringWriter();
        assertEquals(0, run(args, out, err), out + "\n" + err);
        for (String arm : List.of("base", "gt-grpo", "mm-upt", "random-grpo"))
            assertTrue(Files.isRegularFile(dir.resolve(arm).resolve("seed-0").resolve("metrics.jsonl")), arm);
        String table = Files.readString(dir.resolve("results.txt"));
        for (String arm : List.of("base", "gt_grpo", "mm_upt", "random_grpo")) assertTrue(table.contains(arm), table);
        assertTrue(table.contains("eval/add3/test/pass@1") && table.contains("eval/add3/ood/pass@1"), table);
        assertTrue(out.toString().contains("mean ± std"), "the table reaches the command's output as UTF-8: " + out);
        assertTrue(Files.isRegularFile(dir.resolve("report.html")));
        String o = out.toString();
        assertTrue(o.contains("where the time went"), o);
        for (String arm : List.of("gt-grpo", "mm-upt", "random-grpo"))
            assertTrue(o.lines().anyMatch(l -> l.startsWith(arm + " ") && l.matches(".*(generate|score|update|eval)$")), "a time row naming the slowest stage for " + arm + ": " + o);
        assertTrue(o.contains("time: generate "), "each run prints its stage breakdown: " + o);
    }

    @Test
    void aBrokenRecipeIsOneSentenceAndExitCode1() {
        StringWriter out = new StringWriter(), err = new StringWriter();
        assertEquals(1, run(List.of("run", "mm-upt-add3", "--set", "rollout.group_size=four"), out, err));
        assertTrue(err.toString().contains("rollout.group_size"), err.toString());
    }
}
