package dev.autodidact.transformer.sft;

import dev.autodidact.autograd.optim.Optimizer;
import dev.autodidact.tokenizer.Tokenizer;
import dev.autodidact.transformer.Transformer;
import dev.autodidact.transformer.checkpoint.Checkpoint;
import dev.autodidact.transformer.checkpoint.CheckpointRotation;
import dev.autodidact.transformer.checkpoint.TrainerState;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * SFT checkpoints as full checkpoint directories ({@code step-NNNNNNNN}: model.safetensors,
 * config.json, tokenizer.json, optimizer.safetensors, trainer_state.json), each saved atomically,
 * only the newest {@code keepLast} kept; {@link SftTrainer#restore} continues from one.
 */
public final class SftCheckpoints implements CheckpointSink {
    private final CheckpointRotation rotation;
    private final Tokenizer tokenizer;

    public SftCheckpoints(Path dir, Tokenizer tokenizer, int keepLast) {
        this.rotation = new CheckpointRotation(dir, keepLast);
        this.tokenizer = tokenizer;
    }

    @Override
    public void save(TrainerState state, Transformer model, Optimizer optimizer) throws IOException {
        rotation.save(state.step(), Checkpoint.of(model.config(), model.state(), tokenizer).withOptimizer(optimizer.state()).withTrainer(state));
    }

    /** The newest complete checkpoint (tidying an interrupted save first), if any. */
    public Optional<Path> latest() throws IOException {
        return rotation.latest();
    }
}
