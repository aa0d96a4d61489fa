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
 * then step the {@link GrpoTrainer} through {@link Experiment}: metrics every step, held-out
 * evaluation, sample completions, health warnings and checkpoints (model, optimizer, data
 * cursor) when due, and on resume continue from the latest checkpoint.
 */
public final class RlRun {
    private RlRun() {}

    /**
     * @param bases where noisy-teacher bases are cached (e.g. {@code runs/.bases})
     * @throws TrainingDiverged when a loss or gradient turns non-finite (the last checkpoint stays)
     */
    public static Summary train(Recipe recipe, RunDirectory dir, boolean resume, Path bases, Progress progress, PrintStream log) throws IOException {
        Task task = TaskRegistry.task(recipe.task().name());
        RewardSlot slot = RewardRegistry.slot(recipe, task, recipe.run().seed());
        Path basePath = BasePolicy.resolve(recipe.model().base(), task, bases, log);
        Checkpoint base = Checkpoint.load(basePath);
        Transformer policy = load(base);
        Optional<Transformer> reference = Optional.empty();
        if (recipe.optimisation().klBeta() > 0) {
            Path refPath = recipe.model().reference().isEmpty() ? basePath : BasePolicy.resolve(recipe.model().reference(), task, bases, log);
            reference = Optional.of(load(refPath.equals(basePath) ? base : Checkpoint.load(refPath)));
        }
        GrpoTrainer trainer = new GrpoTrainer(recipe, task, slot, policy, reference, base.tokenizer());
        try (Experiment exp = Experiment.start(recipe, dir, resume, progress)) {
            if (exp.resumeCheckpoint().isPresent()) {
                Checkpoint c = Checkpoint.load(exp.resumeCheckpoint().get());
                policy.load(c.model());
                c.optimizer().ifPresent(trainer.optimizer()::load);
                c.trainer().ifPresent(t -> trainer.cursor(t.dataCursor()));
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
                if (exp.completionsDue(step)) exp.logCompletions(trainer.completions(step, r.rollout(), recipe.run().completionsPrompts()));
                for (TrainingHealth.Warning w : r.warnings()) exp.warn(step, w.message());
                if (exp.checkpointDue(step))
                    exp.checkpoint(step, Checkpoint.of(policy.config(), policy.state(), base.tokenizer())
                            .withOptimizer(trainer.optimizer().state())
                            .withTrainer(new TrainerState(step, new long[] {recipe.run().seed()}, trainer.cursor(), Map.of("base", basePath.toString()))));
            }
            return exp.finish();
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
                new Recipe.Method("base", true, recipe.method().advantage()), recipe.task(), recipe.model(), recipe.sampling(), recipe.rollout(),
                recipe.optimisation(), recipe.reward(), recipe.evaluation(),
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

    static Transformer load(Checkpoint c) {
        Transformer t = new Transformer(c.config(), 0);
        t.load(c.model());
        t.eval();
        return t;
    }
}
