package dev.autodidact.rl.train;

import dev.autodidact.rl.reward.RewardBreakdown;

import java.util.ArrayList;
import java.util.List;

/**
 * Online preference pairs from a rollout (algorithms-text §0.6, self-rewarding style): in each
 * group the highest-rewarded sample is chosen and the lowest-rewarded one rejected (ties: the
 * first in sampling order), and a group whose rewards are all equal gives no pair. With the
 * majority-vote reward this pairs an answer that agrees with the group's vote against one that
 * does not, without labels.
 *
 * @param chosen   per pair, the chosen sample's index into the rollout's samples
 * @param rejected per pair, the rejected sample's index
 */
record PreferencePairs(int[] chosen, int[] rejected) {

    static PreferencePairs of(List<RewardBreakdown> groupRewards, int samplesPerPrompt) {
        List<int[]> pairs = new ArrayList<>();
        for (int j = 0; j < groupRewards.size(); j++) {
            double[] r = groupRewards.get(j).total();
            int best = 0, worst = 0;
            for (int i = 1; i < r.length; i++) {
                if (r[i] > r[best]) best = i;
                if (r[i] < r[worst]) worst = i;
            }
            if (r[best] > r[worst]) pairs.add(new int[] {j * samplesPerPrompt + best, j * samplesPerPrompt + worst});
        }
        return new PreferencePairs(pairs.stream().mapToInt(p -> p[0]).toArray(), pairs.stream().mapToInt(p -> p[1]).toArray());
    }

    int size() {
        return chosen.length;
    }
}
