package dev.autodidact.rl.data;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The E-step filter of rejection-sampling fine-tuning ("Beyond Human Data: Scaling
 * Self-Training for Problem-Solving with Language Models", ReST-EM; also STaR), algorithms-text
 * §0.7: of the K samples for a problem keep those whose reward reaches the threshold, drop
 * duplicate texts, and cap the kept set at {@code maxKept} in sampling order.
 */
public final class RejectionSampling {
    private RejectionSampling() {}

    /** Indices of the kept samples, ascending. */
    public static int[] keep(List<String> completions, double[] rewards, double threshold, int maxKept) {
        if (completions.size() != rewards.length)
            throw new IllegalArgumentException("rejection sampling: " + completions.size() + " completions but " + rewards.length + " rewards");
        if (maxKept < 0) throw new IllegalArgumentException("rejection sampling: max kept must be >= 0, got " + maxKept);
        List<Integer> kept = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < rewards.length && kept.size() < maxKept; i++)
            if (rewards[i] >= threshold && seen.add(completions.get(i))) kept.add(i);
        return kept.stream().mapToInt(Integer::intValue).toArray();
    }
}
