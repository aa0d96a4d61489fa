package dev.autodidact.rl.data;

import dev.autodidact.rl.math.SplitMix64;

import java.util.ArrayList;
import java.util.List;

/**
 * The update schedule of one rollout batch (algorithms-text §0.2, "several optimisation epochs
 * over mini-batches"): for each epoch the groups are shuffled (keyed by seed and epoch) and cut
 * into mini-batches of whole groups, so a group's responses are always updated together.
 */
public final class MiniBatches {
    private MiniBatches() {}

    /**
     * Response indices per mini-batch, epoch after epoch. Responses are numbered group by group
     * (group j holds {@code j * groupSize .. j * groupSize + groupSize - 1}); the last
     * mini-batch of an epoch may hold fewer groups.
     */
    public static List<int[]> plan(int groups, int groupSize, int groupsPerMiniBatch, int epochs, long seed) {
        if (groups < 1 || groupSize < 1 || groupsPerMiniBatch < 1 || epochs < 1)
            throw new IllegalArgumentException("mini-batches: groups, group size, groups per mini-batch and epochs must be positive, got "
                    + groups + ", " + groupSize + ", " + groupsPerMiniBatch + ", " + epochs);
        List<int[]> out = new ArrayList<>();
        for (int epoch = 0; epoch < epochs; epoch++) {
            int[] order = new int[groups];
            for (int j = 0; j < groups; j++) order[j] = j;
            SplitMix64.derive(seed, epoch).shuffle(order);
            for (int start = 0; start < groups; start += groupsPerMiniBatch) {
                int end = Math.min(groups, start + groupsPerMiniBatch);
                int[] batch = new int[(end - start) * groupSize];
                for (int k = start; k < end; k++)
                    for (int i = 0; i < groupSize; i++) batch[(k - start) * groupSize + i] = order[k] * groupSize + i;
                out.add(batch);
            }
        }
        return out;
    }
}
