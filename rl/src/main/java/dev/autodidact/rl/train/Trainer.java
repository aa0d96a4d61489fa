package dev.autodidact.rl.train;

import dev.autodidact.autograd.optim.AdamW;
import dev.autodidact.rl.experiment.Completion;
import dev.autodidact.rl.experiment.Recipe;
import dev.autodidact.rl.reward.RewardSlot;
import dev.autodidact.rl.task.Task;
import dev.autodidact.tokenizer.Tokenizer;
import dev.autodidact.transformer.Transformer;

import java.util.List;
import java.util.Optional;

/**
 * One RL method's step on the transformer, as {@link RlRun} drives it: a step from its number,
 * the optimizer and data cursor a checkpoint stores, and sample completions for the log.
 * {@link #of} picks the implementation from the recipe's {@code method.algorithm} and
 * {@code method.advantage}.
 */
public interface Trainer {
    /** Runs one whole step (sample, reward, update) and returns its rollout, metrics and warnings. */
    GrpoTrainer.StepResult step(long step);

    AdamW optimizer();

    /** Prompts consumed so far (the data cursor a checkpoint stores). */
    long cursor();

    void cursor(long c);

    /** The mean policy entropy of every step so far, oldest first: what the entropy-collapse warning compares (a checkpoint stores it). */
    double[] entropyHistory();

    /** Restores the entropy history of a resumed run, so that it warns exactly as the uninterrupted run would. */
    void entropyHistory(double[] history);

    /** The completions of the first {@code prompts} groups of a step's rollout, for {@code completions.jsonl}. */
    List<Completion> completions(long step, Rollout rollout, int prompts);

    /**
     * The trainer of the recipe's method.
     *
     * @param policy    the trained model; PPO needs it built with a value head
     * @param reference the frozen reference: needed for a KL term ({@code kl_beta > 0}) and by DPO / IPO
     */
    static Trainer of(Recipe recipe, Task task, RewardSlot slot, Transformer policy, Optional<Transformer> reference, Tokenizer tokenizer) {
        GrpoTrainer grpo = new GrpoTrainer(recipe, task, slot, policy, reference, tokenizer);
        return switch (recipe.method().algorithm()) {
            case POLICY_GRADIENT -> recipe.method().advantage().perToken() ? new TokenAdvantageTrainer(recipe, new RolloutStage(recipe, grpo), tokenizer) : grpo;
            case PPO -> new TokenAdvantageTrainer(recipe, new RolloutStage(recipe, grpo), tokenizer);
            case DPO, IPO -> new PreferenceTrainer(recipe, new RolloutStage(recipe, grpo), reference.orElseThrow(
                    () -> new IllegalArgumentException(recipe.method().algorithm() + " needs a frozen reference model")), tokenizer);
            case RFT -> new RejectionSamplingTrainer(recipe, new RolloutStage(recipe, grpo), tokenizer);
        };
    }
}
