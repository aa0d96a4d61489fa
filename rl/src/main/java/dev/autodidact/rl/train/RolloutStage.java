package dev.autodidact.rl.train;

import dev.autodidact.autograd.Var;
import dev.autodidact.autograd.optim.AdamW;
import dev.autodidact.autograd.optim.GradClip;
import dev.autodidact.rl.experiment.Completion;
import dev.autodidact.rl.experiment.Recipe;
import dev.autodidact.rl.metrics.TrainingHealth;
import dev.autodidact.rl.reward.RewardBreakdown;
import dev.autodidact.rl.task.Problem;
import dev.autodidact.tensor.Tensor;
import dev.autodidact.transformer.Transformer;
import dev.autodidact.transformer.infer.Sample;

import java.util.List;
import java.util.Map;

/**
 * What every trainer other than GRPO shares: the rollout stages of {@link GrpoTrainer} (prompts,
 * keyed sampling, rewards through the slot, old and reference log-probs), its optimizer and data
 * cursor, the rollout metrics and health warnings, and one guarded optimizer step. Trainers
 * reach GRPO's stages only through here, so that moving the stages out of GrpoTrainer later
 * touches this class alone.
 */
final class RolloutStage {
    private final GrpoTrainer grpo;
    private final Recipe recipe;

    /** @param grpo built from the same {@code recipe} */
    RolloutStage(Recipe recipe, GrpoTrainer grpo) {
        this.grpo = grpo;
        this.recipe = recipe;
    }

    Transformer policy() {
        return grpo.policy();
    }

    AdamW optimizer() {
        return grpo.optimizer();
    }

    long cursor() {
        return grpo.cursor();
    }

    void cursor(long c) {
        grpo.cursor(c);
    }

    double[] entropyHistory() {
        return grpo.entropyHistory();
    }

    void entropyHistory(double[] history) {
        grpo.entropyHistory(history);
    }

    /** P prompts, S samples each, their groups, rewards and (per-group) advantages; no log-probs yet. */
    Rollout sample(long step) {
        List<Problem> problems = grpo.nextPrompts();
        List<Sample> samples = grpo.generate(step, problems);
        return grpo.reward(step, problems, samples);
    }

    /** Adds old-policy log-probs (and the reference's when kl_beta > 0). */
    Rollout score(Rollout r) {
        return grpo.score(r);
    }

    /** Reward, vote, length and entropy metrics of the rollout. */
    Map<String, Double> metrics(Rollout r) {
        return grpo.rolloutMetrics(r);
    }

    List<Completion> completions(long step, Rollout r, int prompts) {
        return grpo.completions(step, r, prompts);
    }

    /** The trainer warnings of a step whose metrics hold {@code policy/entropy}. */
    List<TrainingHealth.Warning> warnings(Rollout r, Map<String, Double> m, double loss) {
        double[] history = grpo.entropyHistory(m);
        double[][] groupRewards = r.rewards().stream().map(RewardBreakdown::total).toArray(double[][]::new);
        int[] lengths = r.samples().stream().mapToInt(s -> s.tokens().length).toArray();
        return TrainingHealth.check(groupRewards, history, lengths,
                recipe.sampling().maxNewTokens(), loss);
    }

    /**
     * Backward from {@code loss}, global-norm clipping, one AdamW step; returns the gradient norm
     * before clipping. Gradients must have been zeroed before the forward.
     *
     * @throws TrainingDiverged when the loss or the gradient norm is not finite (nothing is applied)
     */
    double apply(long step, Var loss, String what) {
        double value = loss.item();
        if (!Double.isFinite(value)) throw new TrainingDiverged(step, "the " + what + " loss is " + value);
        loss.backward();
        return clipAndStep(step, value, what);
    }

    /**
     * After backward has run (DataParallel runs it inside its step): refuses a non-finite loss
     * value or gradient norm, else clips to the recipe's global norm and steps the optimizer.
     */
    double clipAndStep(long step, double value, String what) {
        if (!Double.isFinite(value)) throw new TrainingDiverged(step, "the " + what + " loss is " + value);
        double max = recipe.optimisation().maxGradNorm() > 0 ? recipe.optimisation().maxGradNorm() : Double.MAX_VALUE;
        double norm = GradClip.clipGlobalNorm(policy().parameters(), max);
        if (!Double.isFinite(norm)) throw new TrainingDiverged(step, "the gradient norm is " + norm);
        optimizer().step();
        return norm;
    }

    /** Rows {@code batch[k]} of ragged {@code rows}, right-padded with zeros to {@code len}: [batch, len]. */
    static Tensor padded(float[][] rows, int[] batch, int len) {
        float[] out = new float[batch.length * len];
        for (int k = 0; k < batch.length; k++) System.arraycopy(rows[batch[k]], 0, out, k * len, rows[batch[k]].length);
        return Tensor.of(out, batch.length, len);
    }
}
