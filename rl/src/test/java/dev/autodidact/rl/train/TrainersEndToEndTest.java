package dev.autodidact.rl.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autodidact.rl.cli.Main;
import dev.autodidact.tensor.Tensor;
import dev.autodidact.transformer.checkpoint.Checkpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every trainer other than GRPO, end to end through {@code autodidact run} on a tiny base: 3
 * steps of each shipped recipe (IPO as an override of DPO's), with a seeded Bernoulli reward so
 * that a 20-step base still gets pairs, kept samples and non-zero advantages. The loss stays
 * finite, the parameters move, the method's metrics are logged, and a resumed PPO run (value head
 * and all) repeats step 3 exactly and can be evaluated.
 */
class TrainersEndToEndTest {
    @TempDir
    Path tmp;

    static final List<String> TINY = List.of(
            "--set", "model.base=noisy-teacher:size=tiny,steps=20,batch=8",
            "--set", "run.steps=3", "--set", "rollout.prompts_per_step=2", "--set", "rollout.group_size=4",
            "--set", "optimisation.mini_batch_size=4", "--set", "optimisation.epochs=2", "--set", "optimisation.lr=0.01",
            "--set", "reward.terms=[{name: random, weight: 1.0, params: {probability: 0.5}}]",
            "--set", "evaluation.every=3", "--set", "evaluation.prompts=2", "--set", "evaluation.samples=2", "--set", "evaluation.k=2",
            "--set", "run.checkpoint_every=2", "--set", "run.completions_every=2", "--set", "run.completions_prompts=1");

    private record Case(String recipe, List<String> extra, List<String> keys) {}

    private static final List<Case> CASES = List.of(
            new Case("reinforce-pp-add3", List.of(), List.of("policy/loss", "policy/pg_loss", "policy/kl_ref", "policy/clip_frac", "advantage/abs_mean")),
            new Case("ppo-add3", List.of(), List.of("policy/loss", "policy/kl_ref", "value/loss", "value/clip_frac", "value/mean", "value/return_mean")),
            new Case("dpo-add3", List.of(), List.of("dpo/loss", "dpo/margin", "dpo/accuracy", "dpo/pairs", "dpo/chosen_logratio")),
            new Case("dpo-add3", List.of("--set", "method.algorithm=ipo", "--set", "method.name=ipo_vote"), List.of("ipo/loss", "ipo/margin", "ipo/pairs")),
            new Case("rft-vote-add3", List.of(), List.of("rft/kept", "rft/kept_fraction", "rft/nll", "rft/prompts_with_kept")));

    private int run(List<String> args, StringWriter out, StringWriter err) {
        return Main.execute(args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
    }

    private List<String> args(String recipe, Path dir, List<String> extra) {
        List<String> a = new ArrayList<>(List.of("run", recipe, "--out", dir.toString(), "--bases", tmp.resolve("bases").toString()));
        a.addAll(TINY);
        a.addAll(extra);
        return a;
    }

    @Test
    void eachMethodTrainsWithFiniteLossMovesTheParametersAndLogsItsMetrics() throws Exception {
        for (Case c : CASES) {
            Path dir = tmp.resolve(c.recipe() + c.extra().size());
            StringWriter out = new StringWriter(), err = new StringWriter();
            assertEquals(0, run(args(c.recipe(), dir, c.extra()), out, err), c + "\n" + out + "\n" + err);
            List<String> rows = Files.readAllLines(dir.resolve("metrics.jsonl"));
            assertEquals(3, rows.size(), String.join("\n", rows));
            ObjectMapper json = new ObjectMapper();
            for (String key : c.keys())
                assertTrue(rows.stream().anyMatch(r -> has(json, r, key)), c.recipe() + ": " + key + " missing from every row:\n" + String.join("\n", rows));
            for (String row : rows) {
                JsonNode n = json.readTree(row);
                if (n.has("policy/loss")) assertTrue(Double.isFinite(n.get("policy/loss").asDouble()), row);
            }
            assertTrue(json.readTree(rows.get(2)).has("eval/add3/test/pass@1"));
            Map<String, Tensor> trained = Checkpoint.load(Checkpoint.latest(dir.resolve("checkpoints")).orElseThrow()).model().tensors();
            Map<String, Tensor> base;
            try (var bases = Files.list(tmp.resolve("bases"))) {
                base = Checkpoint.load(bases.toList().getFirst().resolve("checkpoint")).model().tensors();
            }
            assertFalse(Arrays.equals(base.get("tok_emb.weight").toArray(), trained.get("tok_emb.weight").toArray()), c.recipe() + ": the policy did not move");
            assertEquals(c.recipe().startsWith("ppo"), trained.containsKey("value_head.weight"), "only PPO checkpoints carry a value head");
        }
    }

    private static boolean has(ObjectMapper json, String row, String key) {
        try {
            return json.readTree(row).has(key);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aResumedPpoRunRepeatsTheUninterruptedRunsStepExactly() throws Exception {
        Path dir = tmp.resolve("ppo-resume");
        List<String> args = args("ppo-add3", dir, List.of());
        StringWriter out = new StringWriter(), err = new StringWriter();
        assertEquals(0, run(args, out, err), out + "\n" + err);
        JsonNode uninterrupted = new ObjectMapper().readTree(Files.readAllLines(dir.resolve("metrics.jsonl")).get(2));
        try (var ckpts = Files.list(dir.resolve("checkpoints"))) {
            for (Path c : ckpts.filter(p -> p.getFileName().toString().endsWith("3")).toList())
                try (var walk = Files.walk(c)) {
                    for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
                }
        }
        args.add("--resume");
        assertEquals(0, run(args, out, err), out + "\n" + err);
        List<String> rows = Files.readAllLines(dir.resolve("metrics.jsonl"));
        assertEquals(3, rows.size());
        JsonNode resumed = new ObjectMapper().readTree(rows.get(2));
        int compared = MetricRows.assertSameExceptTime(uninterrupted, resumed);
        assertTrue(compared > 20 && uninterrupted.has("value/loss"), "compared " + compared + " metrics");
        // eval loads a PPO checkpoint, value head and all.
        StringWriter evalOut = new StringWriter();
        assertEquals(0, run(List.of("eval", dir.toString(), "--prompts", "2", "--samples", "2", "--k", "2"), evalOut, err), err.toString());
        assertTrue(evalOut.toString().contains("eval/add3/test/pass@1"), evalOut.toString());
    }
}
