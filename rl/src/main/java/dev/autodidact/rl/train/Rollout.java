package dev.autodidact.rl.train;

import dev.autodidact.rl.reward.Group;
import dev.autodidact.rl.reward.RewardBreakdown;
import dev.autodidact.rl.task.Problem;
import dev.autodidact.transformer.infer.Sample;
import dev.autodidact.transformer.score.Sequence;

import java.util.List;

/**
 * One step's rollout batch (algorithms-text §0.1): P prompts, S samples each (S = G, or TTRL's
 * vote count), their groups and rewards, and the P x G responses the update trains on, numbered
 * group by group, with their advantages and the old-policy and reference log-probs of every
 * response token.
 *
 * @param problems   the P prompts with their gold answers (gold is read by verifiers and metrics only)
 * @param samples    P x S samples, prompt by prompt
 * @param groups     the P groups of S completions that rewards see
 * @param rewards    each group's rewards over its S samples
 * @param trainIndex for each of the P x G trained responses, its index into {@code samples}
 * @param sequences  the trained (prompt, response) token sequences, P x G
 * @param trainRewards the reward of each trained response
 * @param advantages the advantage of each trained response
 * @param logpOld    per trained response, its tokens' log-probs under the sampling policy (raw, T = 1), as the sampler recorded them
 * @param logpRef    per trained response, its tokens' log-probs under the reference (empty rows when beta = 0)
 */
public record Rollout(List<Problem> problems, List<Sample> samples, List<Group> groups, List<RewardBreakdown> rewards,
                      int[] trainIndex, List<Sequence> sequences, double[] trainRewards, double[] advantages,
                      float[][] logpOld, float[][] logpRef) {

    /** Responses trained on (P x G). */
    public int size() {
        return trainIndex.length;
    }
}
