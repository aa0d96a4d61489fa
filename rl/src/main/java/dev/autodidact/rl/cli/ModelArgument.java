package dev.autodidact.rl.cli;

import dev.autodidact.rl.experiment.RunDirectory;
import dev.autodidact.rl.task.Task;
import dev.autodidact.rl.train.BasePolicy;
import dev.autodidact.transformer.checkpoint.Checkpoint;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The MODEL argument of {@code eval} and {@code sample}: a checkpoint directory, a run directory
 * (its latest checkpoint), or {@code noisy-teacher[:settings]} (the cached base, trained first
 * when it is not cached yet).
 */
final class ModelArgument {
    static final String DESCRIPTION = "checkpoint directory, run directory, or noisy-teacher[:settings]";

    private ModelArgument() {}

    /** The checkpoint directory MODEL names; a sentence saying what it is not when there is none. */
    static Path checkpoint(String model, Task task, Path bases, PrintWriter out) throws IOException {
        if (BasePolicy.isNoisyTeacher(model)) return BasePolicy.resolve(model, task, bases, LineStream.over(out));
        Path p = Path.of(model);
        if (!Files.exists(p)) throw new NoSuchFileException(model, null, "no such checkpoint or run directory");
        if (Files.isRegularFile(p.resolve(Checkpoint.CONFIG_FILE))) return p;
        return Checkpoint.latest(p.resolve(RunDirectory.CHECKPOINTS)).orElseThrow(() -> new NoSuchFileException(model, null,
                "neither a checkpoint directory (no " + Checkpoint.CONFIG_FILE + ") nor a run directory with checkpoints"));
    }
}
