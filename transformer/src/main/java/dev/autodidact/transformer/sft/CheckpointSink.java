package dev.autodidact.transformer.sft;

import dev.autodidact.autograd.optim.Optimizer;
import dev.autodidact.transformer.Transformer;

import java.util.Map;

/**
 * Where the trainer hands the model for saving; the checkpoint package provides the real one
 * (safetensors + config). Called every {@code checkpointEvery} steps and once at the end.
 */
@FunctionalInterface
public interface CheckpointSink {

    void save(long step, Transformer model, Optimizer optimizer, Map<String, Double> metrics);

    /** Saves nothing. */
    static CheckpointSink none() {
        return (step, model, optimizer, metrics) -> {};
    }
}
