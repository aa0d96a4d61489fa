package dev.autodidact.transformer.sft;

import dev.autodidact.autograd.optim.Optimizer;
import dev.autodidact.transformer.Transformer;
import dev.autodidact.transformer.checkpoint.TrainerState;

import java.io.IOException;

/**
 * Where the trainer hands the model for saving, every {@code checkpointEvery} steps and once at
 * the end. {@link SftCheckpoints} writes full, resumable checkpoint directories.
 */
@FunctionalInterface
public interface CheckpointSink {

    /** {@code state}: the step just taken, the data stream's seed and cursor, and the trainer's counters as strings. */
    void save(TrainerState state, Transformer model, Optimizer optimizer) throws IOException;

    /** Saves nothing. */
    static CheckpointSink none() {
        return (state, model, optimizer) -> {};
    }
}
