package dev.autodidact.rl.train;

import dev.autodidact.rl.experiment.Experiment;
import dev.autodidact.rl.experiment.Recipe;
import dev.autodidact.rl.experiment.RewardRegistry;
import dev.autodidact.rl.experiment.RunDirectory;
import dev.autodidact.rl.experiment.Summary;
import dev.autodidact.rl.experiment.TaskRegistry;
import dev.autodidact.rl.metrics.TrainingHealth;
import dev.autodidact.rl.reward.RewardSlot;
import dev.autodidact.rl.task.Split;
import dev.autodidact.rl.task.Task;
import dev.autodidact.transformer.Transformer;
import dev.autodidact.transformer.checkpoint.Checkpoint;
import dev.autodidact.transformer.checkpoint.TrainerState;
import dev.autodidact.transformer.monitor.Progress;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A whole RL run of a recipe into a run directory: resolve the base policy (training the cached
 * noisy-teacher base when needed), build the policy, the frozen reference and the reward slot,
 * then step the recipe's {@link Trainer} through {@link Experiment}: metrics every step, held-out
 * evaluation, sample completions, health warnings and checkpoints (model, optimizer, data
 * cursor) when due, and on resume continue from the latest checkpoint.
 */
public final class RlRun {
    /** The trainer-state key of the per-step mean entropies behind the entropy-collapse warning. */
    static final String ENTROPY_HISTORY = "entropy_history";

    private RlRun() {}

    /** Space-separated shortest round-trip decimals: decoding gives back the same doubles. */
    static String encodeHistory(double[] history) {
        StringBuilder sb = new StringBuilder();
        for (double v : history) sb.append(sb.isEmpty() ? "" : " ").append(v);
        return sb.toString();
    }

    static double[] decodeHistory(String text, Path checkpoint) {
        if (text.isBlank()) return new double[0];
        String[] parts = text.trim().split(" ");
        double[] out = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                out[i] = Double.parseDouble(parts[i]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(checkpoint.resolve(TrainerState.FILE) + ": extra." + ENTROPY_HISTORY + " value " + i + " is '" + parts[i]
                        + "', not a number", e);
            }
        }
        return out;
    }

    /**
     * @param bases where noisy-teacher bases are cached (e.g. {@code runs/.bases})
     * @throws TrainingDiverged when a loss or gradient turns non-finite (the last checkpoint stays)
     */
    public static Summary train(Recipe recipe, RunDirectory dir, boolean resume, Path bases, Progress progress, PrintStream log) throws IOException {
        return train(recipe, dir, resume, bases, progress, log, new StageTimes());
    }

    /**
     * As above, adding the run's per-stage seconds to {@code times} (a caller running several
     * arms sums them); the run's own breakdown is printed to {@code log} when it ends.
     */
    public static Summary train(Recipe recipe, RunDirectory dir, boolean resume, Path bases, Progress progress, PrintStream log,
                                StageTimes total) throws IOException {
        Task task = TaskRegistry.task(recipe.task().name());
        RewardSlot slot = RewardRegistry.slot(recipe, task, recipe.run().seed());
        Path basePath = BasePolicy.resolve(recipe.model().base(), task, bases, log);
        Checkpoint base = Checkpoint.load(basePath);
        Transformer policy = recipe.method().algorithm() == Recipe.Algorithm.PPO ? withValueHead(base, recipe.run().seed()) : load(base);
        Optional<Transformer> reference = Optional.empty();
        if (recipe.optimisation().klBeta() > 0 || needsReference(recipe.method().algorithm())) {
            Path refPath = recipe.model().reference().isEmpty() ? basePath : BasePolicy.resolve(recipe.model().reference(), task, bases, log);
            reference = Optional.of(load(refPath.equals(basePath) ? base : Checkpoint.load(refPath)));
        }
        Trainer trainer = Trainer.of(recipe, task, slot, policy, reference, base.tokenizer());
        StageTimes times = new StageTimes();
        try (Experiment exp = Experiment.start(recipe, dir, resume, progress)) {
            if (exp.resumeCheckpoint().isPresent()) {
                Checkpoint c = Checkpoint.load(exp.resumeCheckpoint().get());
                policy.load(c.model());
                c.optimizer().ifPresent(trainer.optimizer()::load);
                Path at = exp.resumeCheckpoint().get();
                c.trainer().ifPresent(t -> {
                    trainer.cursor(t.dataCursor());
                    trainer.entropyHistory(decodeHistory(t.extra().getOrDefault(ENTROPY_HISTORY, ""), at));
                });
            }
            for (long step = exp.startStep() + 1; step <= recipe.run().steps(); step++) {
                GrpoTrainer.StepResult r;
                try {
                    r = trainer.step(step);
                } catch (TrainingDiverged e) {
                    exp.warn(step, e.getMessage());
                    throw e;
                }
                Map<String, Double> m = new LinkedHashMap<>(r.metrics());
                if (exp.evaluationDue(step)) {
                    long t0 = System.nanoTime();
                    m.putAll(evaluate(recipe, task, policy, base, step));
                    m.put("time/eval_s", (System.nanoTime() - t0) / 1e9);
                }
                exp.log(step, m);
                times.add(m);
                total.add(m);
                if (exp.completionsDue(step)) exp.logCompletions(trainer.completions(step, r.rollout(), recipe.run().completionsPrompts()));
                for (TrainingHealth.Warning w : r.warnings()) exp.warn(step, w.message());
                if (exp.checkpointDue(step))
                    exp.checkpoint(step, Checkpoint.of(policy.config(), policy.state(), base.tokenizer())
                            .withOptimizer(trainer.optimizer().state())
                            .withTrainer(new TrainerState(step, new long[] {recipe.run().seed()}, trainer.cursor(),
                                    Map.of("base", basePath.toString(), ENTROPY_HISTORY, encodeHistory(trainer.entropyHistory())))));
            }
            Summary summary = exp.finish();
            log.println(times.line());
            return summary;
        }
    }

    /**
     * The BASE arm of algorithms-text §C.6 (no RL): the recipe's base policy evaluated once, on
     * the recipe's evaluation splits, logged as step 1 of a run directory under the method name
     * {@code base}, so that reports put it beside the trained arms.
     */
    public static Summary evaluateBase(Recipe recipe, RunDirectory dir, Path bases, Progress progress, PrintStream log) throws IOException {
        Task task = TaskRegistry.task(recipe.task().name());
        Recipe.Run run = recipe.run();
        Recipe asBase = new Recipe(recipe.name().replaceFirst("^[a-z]+-[a-z]+", "base"), recipe.paper(), "the base policy without RL",
                new Recipe.Method("base", true, recipe.method().advantage(), recipe.method().algorithm()), recipe.task(), recipe.model(),
                recipe.sampling(), recipe.rollout(), recipe.optimisation(), recipe.returns(), recipe.value(), recipe.preference(), recipe.rejection(),
                recipe.reward(), recipe.evaluation(),
                new Recipe.Run(1, run.seed(), 1, run.keepLast(), 0, run.completionsPrompts()));
        Checkpoint base = Checkpoint.load(BasePolicy.resolve(recipe.model().base(), task, bases, log));
        try (Experiment exp = Experiment.start(asBase, dir, false, progress)) {
            exp.log(1, evaluate(asBase, task, load(base), base, 1));
            return exp.finish();
        }
    }

    /** The held-out metrics of the recipe's evaluation splits. */
    static Map<String, Double> evaluate(Recipe recipe, Task task, Transformer policy, Checkpoint base, long step) {
        Recipe.Evaluation e = recipe.evaluation();
        Map<String, Double> m = new LinkedHashMap<>();
        for (String split : e.splits())
            m.putAll(PolicyEvaluation.evaluate(policy, base.tokenizer(), task, recipe.task().name(), Split.valueOf(split.toUpperCase(Locale.ROOT)), e.prompts(), e.samples(), e.k(),
                    recipe.sampling().maxNewTokens(), recipe.run().seed() * 1_000_003L + step));
        return m;
    }

    /** The checkpoint's model, with a value head when the checkpoint has one (a PPO run's). */
    public static Transformer load(Checkpoint c) {
        Transformer t = new Transformer(c.config(), 0, c.model().tensors().containsKey("value_head.weight"));
        t.load(c.model());
        t.eval();
        return t;
    }

    /** The base's parameters under a fresh value head (seeded by the run), for PPO. */
    static Transformer withValueHead(Checkpoint base, long seed) {
        Transformer t = new Transformer(base.config(), seed, true);
        if (base.model().tensors().containsKey("value_head.weight")) t.load(base.model());
        else t.loadParameters(base.model().tensors());
        t.eval();
        return t;
    }

    /** DPO and IPO compare the policy with a frozen reference whatever kl_beta says. */
    private static boolean needsReference(Recipe.Algorithm a) {
        return a == Recipe.Algorithm.DPO || a == Recipe.Algorithm.IPO;
    }
}
