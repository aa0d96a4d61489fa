package dev.autodidact.rl.experiment;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The files of one run (one recipe, one seed):
 *
 * <pre>
 * RUN/config.yaml          the resolved recipe, every key present
 * RUN/metrics.jsonl        one JSON object per step
 * RUN/completions.jsonl    sampled completions every run.completions_every steps
 * RUN/checkpoints/step-NNNNNNNN/   the last run.keep_last checkpoints (transformer checkpoint directories)
 * RUN/plots/GROUP.png|svg  reward, accuracy, kl, entropy, length curves
 * RUN/summary.json         final metrics, warnings (written atomically)
 * RUN/report.html          self-contained report
 * </pre>
 *
 * A multi-seed run is a directory of run directories, {@code seed-S}, with its own
 * {@code results.json}, {@code results.txt}, plots and {@code report.html}.
 */
public record RunDirectory(Path root) {
    public static final String CONFIG = "config.yaml", METRICS = "metrics.jsonl", COMPLETIONS = "completions.jsonl", CHECKPOINTS = "checkpoints",
            PLOTS = "plots", SUMMARY = "summary.json", REPORT = "report.html", RESULTS_JSON = "results.json", RESULTS_TEXT = "results.txt";

    public RunDirectory {
        root = root.toAbsolutePath().normalize();
    }

    public Path config() {
        return root.resolve(CONFIG);
    }

    public Path metrics() {
        return root.resolve(METRICS);
    }

    public Path completions() {
        return root.resolve(COMPLETIONS);
    }

    public Path checkpoints() {
        return root.resolve(CHECKPOINTS);
    }

    public Path plots() {
        return root.resolve(PLOTS);
    }

    public Path summary() {
        return root.resolve(SUMMARY);
    }

    public Path report() {
        return root.resolve(REPORT);
    }

    /** Whether {@code dir} holds a run (its metrics log). */
    public static boolean isRun(Path dir) {
        return Files.isRegularFile(dir.resolve(METRICS));
    }

    /** The directory of seed {@code seed} inside a multi-seed directory. */
    public static RunDirectory seed(Path parent, long seed) {
        return new RunDirectory(parent.resolve("seed-" + seed));
    }
}
