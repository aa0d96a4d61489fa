package dev.autodidact.rl.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import dev.autodidact.transformer.checkpoint.Checkpoint;
import dev.autodidact.transformer.checkpoint.CheckpointRotation;
import dev.autodidact.transformer.checkpoint.TrainerState;
import dev.autodidact.transformer.monitor.MetricsLog;
import dev.autodidact.transformer.monitor.MetricsRow;
import dev.autodidact.transformer.monitor.Progress;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * The run a trainer writes into: it owns the run directory, and the trainer calls it once per
 * step. Usage:
 *
 * <pre>{@code
 * try (Experiment exp = Experiment.start(recipe, new RunDirectory(dir), resume, Progress.console())) {
 *     exp.resumeCheckpoint().ifPresent(c -> ...load model, optimizer, RNG and data cursor...);
 *     for (long step = exp.startStep() + 1; step <= recipe.run().steps(); step++) {
 *         Map<String, Double> m = ...one RL step...;               // reward/mean, policy/kl_ref, ...
 *         if (exp.evaluationDue(step)) m.putAll(...evaluation...);   // eval/add/pass@1, ...
 *         exp.log(step, m);
 *         if (exp.completionsDue(step)) exp.logCompletions(...);
 *         if (exp.checkpointDue(step)) exp.checkpoint(step, checkpoint.withTrainer(new TrainerState(step, ...)));
 *     }
 *     exp.finish();                                                 // summary.json, plots, report.html
 * }
 * }</pre>
 *
 * <p>A fresh start refuses a directory that already holds a run. A resume checks that the
 * recipe is the one the run was started with, finds the latest checkpoint, and rolls the logs
 * back to its step, so the steps after it are logged exactly once when they are run again.
 */
public final class Experiment implements AutoCloseable {
    private final Recipe recipe;
    private final RunDirectory dir;
    private final Progress progress;
    private final DoubleSupplier clock;
    private final long startStep;
    private final Optional<Path> resumeCheckpoint;
    private final CheckpointRotation checkpoints;
    private final MetricsLog metrics;
    private final CompletionsLog completions;
    private final Warnings warnings;
    private boolean closed;

    private Experiment(Recipe recipe, RunDirectory dir, Progress progress, DoubleSupplier clock, long startStep, Optional<Path> resumeCheckpoint)
            throws IOException {
        this.recipe = recipe;
        this.dir = dir;
        this.progress = progress;
        this.clock = clock;
        this.startStep = startStep;
        this.resumeCheckpoint = resumeCheckpoint;
        this.checkpoints = new CheckpointRotation(dir.checkpoints(), recipe.run().keepLast());
        MetricsLog m = MetricsLog.open(dir.metrics());
        CompletionsLog c = null;
        try {
            c = CompletionsLog.open(dir.completions());
            this.warnings = Warnings.open(dir.root());
        } catch (IOException | RuntimeException e) {
            m.close();
            if (c != null) c.close();
            throw e;
        }
        this.metrics = m;
        this.completions = c;
    }

    /** Starts (or, with {@code resume}, continues) {@code recipe} in {@code dir}. */
    public static Experiment start(Recipe recipe, RunDirectory dir, boolean resume, Progress progress) throws IOException {
        return start(recipe, dir, resume, progress, () -> System.currentTimeMillis() / 1000.0);
    }

    static Experiment start(Recipe recipe, RunDirectory dir, boolean resume, Progress progress, DoubleSupplier clock) throws IOException {
        Files.createDirectories(dir.root());
        Experiment e;
        if (!resume) {
            List<MetricsRow> existing = MetricsLog.read(dir.metrics());
            if (!existing.isEmpty() || !new CheckpointRotation(dir.checkpoints(), 1).checkpoints().isEmpty())
                throw new IllegalStateException(dir.root() + " already holds a run (" + existing.size() + " steps logged); resume it with --resume,"
                        + " or choose another run directory");
            AtomicFiles.writeString(dir.config(), RecipeLoader.toYaml(recipe));
            for (Path p : List.of(dir.metrics(), dir.completions(), dir.root().resolve(Warnings.FILE))) Files.deleteIfExists(p);
            e = new Experiment(recipe, dir, progress, clock, 0, Optional.empty());
        } else {
            if (Files.exists(dir.config())) sameRecipe(dir.config(), recipe);
            else AtomicFiles.writeString(dir.config(), RecipeLoader.toYaml(recipe));
            Optional<Path> latest = new CheckpointRotation(dir.checkpoints(), recipe.run().keepLast()).latest();
            long step = 0;
            if (latest.isPresent()) {
                Path trainer = latest.get().resolve(Checkpoint.TRAINER_FILE);
                if (!Files.exists(trainer))
                    throw new IllegalStateException(latest.get() + " has no " + Checkpoint.TRAINER_FILE + ", so the step to resume from is unknown");
                step = TrainerState.read(trainer).step();
            }
            // Without a checkpoint nothing was kept: every logged step is run again.
            long keep = latest.isPresent() ? step : -1;
            MetricsLog.truncateAfter(dir.metrics(), keep);
            CompletionsLog.truncateAfter(dir.completions(), keep);
            Warnings.truncateAfter(dir.root(), keep);
            e = new Experiment(recipe, dir, progress, clock, step, latest);
        }
        progress.start(e.startStep, recipe.run().steps());
        return e;
    }

    /** Fails, naming the differing keys, when {@code recipe} is not the one in {@code config}. */
    private static void sameRecipe(Path config, Recipe recipe) throws IOException {
        Recipe before = RecipeLoader.load(config, List.of());
        if (before.equals(recipe)) return;
        List<String> diffs = new ArrayList<>();
        diff(RecipeLoader.toJson(before), RecipeLoader.toJson(recipe), "", diffs);
        throw new IllegalStateException(config + ": the run was started with a different recipe (" + String.join("; ", diffs.subList(0, Math.min(5, diffs.size())))
                + "); resume with the same recipe and overrides, or start a new run directory");
    }

    private static void diff(JsonNode a, JsonNode b, String path, List<String> out) {
        if (a.isObject() && b.isObject()) {
            for (Iterator<String> it = a.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                diff(a.get(k), b.path(k), path.isEmpty() ? k : path + "." + k, out);
            }
        } else if (!a.equals(b)) {
            out.add(path + " was " + a + ", now " + b);
        }
    }

    public Recipe recipe() {
        return recipe;
    }

    public RunDirectory directory() {
        return dir;
    }

    /** Steps already done: 0 on a fresh start, the checkpoint's step on a resume. The next step is {@code startStep() + 1}. */
    public long startStep() {
        return startStep;
    }

    /** The checkpoint a resume continues from (model, optimizer, RNG state and data cursor); empty on a fresh start. */
    public Optional<Path> resumeCheckpoint() {
        return resumeCheckpoint;
    }

    /** Whether step {@code step} evaluates: every {@code evaluation.every} steps and at the last step. */
    public boolean evaluationDue(long step) {
        int every = recipe.evaluation().every();
        return every > 0 && (step % every == 0 || step == recipe.run().steps());
    }

    public boolean completionsDue(long step) {
        int every = recipe.run().completionsEvery();
        return every > 0 && (step % every == 0 || step == 1);
    }

    public boolean checkpointDue(long step) {
        return step % recipe.run().checkpointEvery() == 0 || step == recipe.run().steps();
    }

    /** Logs step {@code step}'s metrics (slash-named keys) and shows progress. Steps must increase. */
    public void log(long step, Map<String, Double> values) throws IOException {
        metrics.append(new MetricsRow(step, clock.getAsDouble(), values));
        progress.step(step, values);
    }

    public void logCompletions(List<Completion> sampled) throws IOException {
        completions.append(sampled);
    }

    /** Records and shows a warning (from {@code TrainingHealth}, say); it appears in the summary and the report. */
    public void warn(long step, String message) throws IOException {
        warnings.append(step, message);
        progress.message("warning at step " + step + ": " + message);
    }

    /**
     * Saves {@code checkpoint} as step {@code step} (it should carry the trainer state: step, RNG
     * state, data cursor) after forcing the logs to the disk, so that they cover every step the
     * checkpoint holds; keeps the last {@code run.keep_last}.
     */
    public Path checkpoint(long step, Checkpoint checkpoint) throws IOException {
        metrics.sync();
        completions.sync();
        warnings.sync();
        return checkpoints.save(step, checkpoint);
    }

    /** Closes the logs and writes summary.json, the plots and report.html. */
    public Summary finish() throws IOException {
        close();
        progress.finish();
        return Report.generate(dir.root()).runs().getFirst();
    }

    @Override
    public void close() throws IOException {
        if (closed) return;
        closed = true;
        try (metrics; completions; warnings) {
            metrics.sync();
        }
    }
}
