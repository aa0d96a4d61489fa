package dev.autodidact.rl.cli;

import dev.autodidact.rl.experiment.Recipe;
import dev.autodidact.rl.experiment.RecipeException;
import dev.autodidact.rl.experiment.RecipeRegistry;
import dev.autodidact.rl.experiment.RunDirectory;
import dev.autodidact.rl.experiment.Seeds;
import dev.autodidact.rl.train.RlRun;
import dev.autodidact.rl.train.TrainingDiverged;
import dev.autodidact.transformer.monitor.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code autodidact run RECIPE}: trains a recipe (GRPO family) into a run directory. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Train a recipe with GRPO-family RL and write its run directory.", "",
                "RECIPE is a shipped recipe name (see 'autodidact list') or a YAML file. The base policy named by model.base "
                        + "('noisy-teacher[:settings]' or a checkpoint directory) is trained once and cached under --bases. The run "
                        + "writes config.yaml, metrics.jsonl, completions.jsonl, checkpoints, plots, summary.json and report.html."})
final class RunCommand implements Callable<Integer> {
    @Parameters(paramLabel = "RECIPE", description = "a shipped recipe name or a recipe YAML file")
    String recipe;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "override a recipe key, e.g. --set run.steps=20 (repeatable)")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--resume", description = "continue the run in --out from its latest checkpoint")
    boolean resume;

    @Option(names = "--seeds", paramLabel = "N", defaultValue = "1", description = "run seeds run.seed .. run.seed+N-1 into OUT/seed-S and aggregate them (default ${DEFAULT-VALUE})")
    int seeds;

    @Option(names = "--out", paramLabel = "DIR", description = "run directory (default runs/RECIPE_NAME)")
    Path out;

    @Mixin
    BasesOption bases;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        var err = spec.commandLine().getErr();
        var outWriter = spec.commandLine().getOut();
        Recipe r;
        try {
            r = RecipeRegistry.builtIn().load(recipe, overrides);
        } catch (RecipeException e) {
            err.println("run: " + e.getMessage());
            return 1;
        }
        Path dir = (out != null ? out : Path.of("runs", r.name())).toAbsolutePath();
        PrintStream log = LineStream.over(outWriter);
        try {
            if (seeds > 1) {
                Seeds.run(r, dir, seeds, (rec, d) -> RlRun.train(rec, d, resume, bases.dir, Progress.console(), log), log);
            } else {
                RlRun.train(r, new RunDirectory(dir), resume, bases.dir, Progress.console(), log);
                log.println("run: " + r.name() + " finished; report: " + new RunDirectory(dir).root().resolve(RunDirectory.REPORT));
            }
        } catch (TrainingDiverged e) {
            err.println("run: " + e.getMessage());
            return 1;
        }
        log.flush();
        return 0;
    }
}
