package dev.autodidact.rl.metrics;

import dev.autodidact.rl.task.Answer;
import dev.autodidact.rl.task.Problem;
import dev.autodidact.rl.task.Task;

import java.util.List;
import java.util.Optional;

/**
 * How well a label-free reward tracks the truth (algorithms-text §C.5), computed at evaluation
 * time with the labels the reward never saw: {@code label_acc}, the fraction of prompts whose
 * pseudo-label (e.g. the majority answer) is correct, and {@code reward_acc}, the fraction of
 * samples whose self-reward equals the ground-truth reward.
 */
public final class SelfRewardAccuracy {
    private SelfRewardAccuracy() {}

    /** label_acc; a prompt without a pseudo-label counts as wrong. */
    public static double labelAccuracy(List<Optional<Answer.Valid>> pseudoLabels, List<Problem> problems, Task task) {
        if (pseudoLabels.size() != problems.size() || problems.isEmpty())
            throw new IllegalArgumentException("label_acc: " + pseudoLabels.size() + " pseudo-labels for " + problems.size() + " problems (need equal, non-zero)");
        int right = 0;
        for (int j = 0; j < problems.size(); j++) {
            Optional<Answer.Valid> label = pseudoLabels.get(j);
            if (label.isPresent() && task.isCorrect(problems.get(j), label.get())) right++;
        }
        return (double) right / problems.size();
    }

    /** reward_acc over all samples of a step ([P][G] each); rewards are equal within 1e-9. */
    public static double rewardAccuracy(double[][] selfRewards, double[][] trueRewards) {
        if (selfRewards.length != trueRewards.length || selfRewards.length == 0)
            throw new IllegalArgumentException("reward_acc: " + selfRewards.length + " self-reward groups but " + trueRewards.length + " true-reward groups");
        long same = 0, total = 0;
        for (int j = 0; j < selfRewards.length; j++) {
            if (selfRewards[j].length != trueRewards[j].length)
                throw new IllegalArgumentException("reward_acc: group " + j + " has " + selfRewards[j].length + " self-rewards but " + trueRewards[j].length + " true rewards");
            for (int i = 0; i < selfRewards[j].length; i++) if (Math.abs(selfRewards[j][i] - trueRewards[j][i]) <= 1e-9) same++;
            total += selfRewards[j].length;
        }
        if (total == 0) throw new IllegalArgumentException("reward_acc: no samples");
        return (double) same / total;
    }
}
