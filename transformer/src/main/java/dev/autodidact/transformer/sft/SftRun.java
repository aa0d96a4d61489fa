package dev.autodidact.transformer.sft;

import dev.autodidact.transformer.monitor.MetricsLog;
import dev.autodidact.transformer.monitor.Progress;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * An SFT run in a directory: {@code metrics.jsonl} (one row per logged or evaluated step) and
 * {@code checkpoints/step-NNNNNNNN} (the newest {@code keepLast}). A fresh run refuses a directory
 * that already holds one; with {@code resume} it continues from the newest checkpoint (or starts
 * fresh when there is none) and first rolls the metrics back to that checkpoint's step, so the
 * resumed log reads as if the run had never stopped.
 */
public final class SftRun {
    public static final String METRICS = "metrics.jsonl", CHECKPOINTS = "checkpoints";

    private SftRun() {}

    public static SftTrainer.Result run(Path dir, boolean resume, int keepLast, SftTrainer trainer, ExampleSource train, List<Example> heldOut,
                                        Optional<SftTrainer.Evaluator> evaluator, Progress progress) throws IOException {
        Path metricsFile = dir.resolve(METRICS);
        SftCheckpoints checkpoints = new SftCheckpoints(dir.resolve(CHECKPOINTS), trainer.tokenizer(), keepLast);
        Optional<Path> latest = checkpoints.latest();
        if (!resume && (latest.isPresent() || Files.exists(metricsFile)))
            throw new IllegalArgumentException(dir + " already holds an SFT run (" + METRICS + " or " + CHECKPOINTS + "/); resume it or choose another directory");
        if (resume && latest.isPresent()) trainer.restore(latest.get(), train);
        Files.createDirectories(dir);
        // Rows after the checkpoint were written by the interrupted run and are about to be redone.
        MetricsLog.truncateAfter(metricsFile, trainer.startStep());
        try (MetricsLog metrics = MetricsLog.open(metricsFile)) {
            return trainer.train(train, heldOut, evaluator, Optional.of(metrics), checkpoints, progress);
        }
    }
}
