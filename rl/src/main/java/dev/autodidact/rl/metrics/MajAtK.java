package dev.autodidact.rl.metrics;

import dev.autodidact.rl.math.SplitMix64;
import dev.autodidact.rl.reward.MajorityVote;
import dev.autodidact.rl.task.Answer;
import dev.autodidact.rl.task.Equivalence;

import java.util.ArrayList;
import java.util.List;

/**
 * maj@k (algorithms-text §0.10): whether the majority answer of k samples is correct. With
 * exactly k samples the vote is taken once; with n > k it is averaged over seeded random
 * k-subsets. A vote that no valid answer wins counts as wrong.
 */
public final class MajAtK {
    private MajAtK() {}

    /**
     * maj@k of one prompt.
     *
     * @param answers the n extracted answers
     * @param correct {@code correct[i]}: whether answer i is right (from a verifier)
     * @param draws   k-subsets averaged when n > k
     * @param seed    seeds the subsets
     */
    public static double estimate(List<Answer> answers, boolean[] correct, int k, Equivalence eq, int draws, long seed) {
        int n = answers.size();
        if (correct.length != n) throw new IllegalArgumentException("maj@k: " + n + " answers but " + correct.length + " correctness flags");
        if (k < 1 || k > n) throw new IllegalArgumentException("maj@k: k = " + k + " must be in 1.." + n);
        if (k == n) return majorityCorrect(answers, correct, eq, allIndices(n));
        if (draws < 1) throw new IllegalArgumentException("maj@k: need at least one draw when n = " + n + " > k = " + k);
        double hits = 0;
        for (int d = 0; d < draws; d++) {
            int[] order = allIndices(n);
            SplitMix64.derive(seed, d).shuffle(order);
            hits += majorityCorrect(answers, correct, eq, java.util.Arrays.copyOf(order, k));
        }
        return hits / draws;
    }

    private static int[] allIndices(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) a[i] = i;
        return a;
    }

    private static double majorityCorrect(List<Answer> answers, boolean[] correct, Equivalence eq, int[] subset) {
        java.util.Arrays.sort(subset); // votes in sampling order, so first-seen tie-breaks are stable
        List<Answer> chosen = new ArrayList<>(subset.length);
        for (int i : subset) chosen.add(answers.get(i));
        MajorityVote.Result r = MajorityVote.vote(chosen, eq, MajorityVote.NullPolicy.EXCLUDE);
        if (r.winner().isEmpty()) return 0;
        int first = subset[r.winningCluster().orElseThrow().members().getFirst()];
        return correct[first] ? 1 : 0;
    }
}
