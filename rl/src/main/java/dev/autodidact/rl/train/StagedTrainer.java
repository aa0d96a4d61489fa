package dev.autodidact.rl.train;

import dev.autodidact.autograd.optim.AdamW;
import dev.autodidact.rl.experiment.Completion;

import java.util.List;

/**
 * A {@link Trainer} built on {@link RolloutStage}: the optimizer, data cursor, entropy history and
 * completions are the stage's, so each method only writes its update.
 */
abstract class StagedTrainer implements Trainer {
    protected final RolloutStage stage;

    StagedTrainer(RolloutStage stage) {
        this.stage = stage;
    }

    @Override
    public AdamW optimizer() {
        return stage.optimizer();
    }

    @Override
    public long cursor() {
        return stage.cursor();
    }

    @Override
    public void cursor(long c) {
        stage.cursor(c);
    }

    @Override
    public double[] entropyHistory() {
        return stage.entropyHistory();
    }

    @Override
    public void entropyHistory(double[] history) {
        stage.entropyHistory(history);
    }

    @Override
    public List<Completion> completions(long step, Rollout rollout, int prompts) {
        return stage.completions(step, rollout, prompts);
    }
}
