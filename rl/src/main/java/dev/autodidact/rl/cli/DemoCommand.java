package dev.autodidact.rl.cli;

import dev.autodidact.rl.experiment.Recipe;
import dev.autodidact.rl.experiment.RecipeException;
import dev.autodidact.rl.experiment.RecipeRegistry;
import dev.autodidact.rl.experiment.Report;
import dev.autodidact.rl.experiment.RunDirectory;
import dev.autodidact.rl.experiment.Seeds;
import dev.autodidact.rl.train.RlRun;
import dev.autodidact.rl.train.StageTimes;
import dev.autodidact.rl.train.TrainingDiverged;
import dev.autodidact.transformer.monitor.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code autodidact demo}: the standard comparison of algorithms-text §C.6 on ADD-3. BASE (no
 * RL), GT-GRPO (true reward), MM-UPT (majority vote, no labels) and RANDOM-GRPO (Bernoulli
 * reward) start from one cached noisy-teacher base with identical budgets and seeds, are
 * evaluated on the ADD-3 test split and the ADD-4 OOD split, and end in one table, one report and
 * a table of where the time went.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Compare BASE, GT-GRPO, MM-UPT and RANDOM-GRPO on ADD-3 from one noisy-teacher base.", "",
                "Trains (or reuses) the cached base, runs the three RL arms with the same budget and seeds, evaluates all "
                        + "four on the same held-out prompts (ADD-3 test and ADD-4 out of distribution) and writes OUT/ARM/seed-S run directories, results.txt and report.html."})
final class DemoCommand implements Callable<Integer> {
    /** The arms, in table order: directory name and the recipe it runs (none for BASE). */
    static final Map<String, String> ARMS = new LinkedHashMap<>();

    static {
        ARMS.put("base", "mm-upt-add3");
        ARMS.put("gt-grpo", "gt-grpo-add3");
        ARMS.put("mm-upt", "mm-upt-add3");
        ARMS.put("random-grpo", "random-grpo-add3");
    }

    /**
     * The smaller budget of {@code --quick}: a shorter base, 20 RL steps of 8 prompts, 25 evaluation
     * prompts per split (test and OOD: as many as the 50 test prompts before OOD was evaluated).
     */
    static final List<String> QUICK = List.of("model.base=noisy-teacher:steps=600", "run.steps=20", "rollout.prompts_per_step=8",
            "optimisation.mini_batch_size=64", "evaluation.every=20", "evaluation.prompts=25", "run.checkpoint_every=20", "run.completions_every=10");

    @Option(names = "--quick", description = "a budget of a few minutes on two cores (shorter base, 20 steps, 25 evaluation prompts per split)")
    boolean quick;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "override a key in every arm's recipe (after --quick), e.g. --set run.steps=40")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--seeds", paramLabel = "N", defaultValue = "1", description = "seeds per arm (default ${DEFAULT-VALUE})")
    int seeds;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "runs/demo", description = "output directory (default ${DEFAULT-VALUE})")
    Path out;

    @Mixin
    BasesOption bases;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        var outWriter = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        PrintStream log = LineStream.over(outWriter);
        List<String> all = new ArrayList<>(quick ? QUICK : List.of());
        all.addAll(overrides);
        Map<String, Recipe> recipes = new LinkedHashMap<>();
        try {
            for (var arm : ARMS.entrySet()) recipes.put(arm.getKey(), RecipeRegistry.builtIn().load(arm.getValue(), all));
        } catch (RecipeException e) {
            err.println("demo: " + e.getMessage());
            return 1;
        }
        Map<String, StageTimes> times = new LinkedHashMap<>();
        Map<String, Double> wall = new LinkedHashMap<>();
        try {
            for (var arm : recipes.entrySet()) {
                log.println("== " + arm.getKey());
                StageTimes armTimes = new StageTimes();
                Seeds.SeedRun run = arm.getKey().equals("base")
                        ? (r, d) -> RlRun.evaluateBase(r, d, bases.dir, Progress.console(), log)
                        : (r, d) -> RlRun.train(r, d, false, bases.dir, Progress.console(), log, armTimes);
                long t0 = System.nanoTime();
                for (long seed : Seeds.of(arm.getValue().run().seed(), seeds))
                    run.run(arm.getValue().withSeed(seed), RunDirectory.seed(out.resolve(arm.getKey()), seed));
                wall.put(arm.getKey(), (System.nanoTime() - t0) / 1e9);
                if (!arm.getKey().equals("base")) times.put(arm.getKey(), armTimes);
            }
        } catch (TrainingDiverged e) {
            err.println("demo: " + e.getMessage());
            return 1;
        }
        Report.Result result = Report.generate(out.toAbsolutePath());
        log.print(result.table().toText());
        log.print(timeTable(times, wall));
        log.println("report: " + result.report());
        log.flush();
        return 0;
    }

    /** Where each arm's time went (all seeds), so the slowest stage of the demo is visible; BASE's wall time includes training the base when it was not cached. */
    static String timeTable(Map<String, StageTimes> times, Map<String, Double> wall) {
        StringBuilder b = new StringBuilder("\nwhere the time went (seconds, all seeds):\n");
        b.append(String.format(Locale.ROOT, "%-12s %8s %8s %8s %8s %8s  %s%n", "arm", "wall", "generate", "score", "update", "eval", "slowest"));
        for (var e : wall.entrySet()) {
            StageTimes t = times.get(e.getKey());
            if (t == null) b.append(String.format(Locale.ROOT, "%-12s %8.1f  (evaluation only; includes training the base if it was not cached)%n", e.getKey(), e.getValue()));
            else b.append(String.format(Locale.ROOT, "%-12s %8.1f %8.1f %8.1f %8.1f %8.1f  %s%n", e.getKey(), e.getValue(), t.seconds("time/gen_s"),
                    t.seconds("time/score_s"), t.seconds("time/update_s"), t.seconds("time/eval_s"), t.slowest()));
        }
        return b.toString();
    }
}
