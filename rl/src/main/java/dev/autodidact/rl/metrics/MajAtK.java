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
     * The majority-vote prediction of a set of samples and the confidence the vote gives it.
     *
     * @param share   the winning answer's votes over all samples, NULLs included (0 when no valid answer wins)
     * @param correct whether the winning answer is right (false when none wins)
     */
    public record Prediction(double share, boolean correct) {}

    /** The vote over all n samples (NULL answers vote for nothing): the maj@n prediction with its vote share. */
    public static Prediction majority(List<Answer> answers, boolean[] correct, Equivalence eq) {
        if (correct.length != answers.size()) throw new IllegalArgumentException("majority: " + answers.size() + " answers but " + correct.length + " correctness flags");
        if (answers.isEmpty()) throw new IllegalArgumentException("majority: no answers to vote on");
        return predict(answers, correct, eq, allIndices(answers.size()));
    }

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
        if (k == n) return predict(answers, correct, eq, allIndices(n)).correct() ? 1 : 0;
        if (draws < 1) throw new IllegalArgumentException("maj@k: need at least one draw when n = " + n + " > k = " + k);
        double hits = 0;
        for (int d = 0; d < draws; d++) {
            int[] order = allIndices(n);
            SplitMix64.derive(seed, d).shuffle(order);
            hits += predict(answers, correct, eq, java.util.Arrays.copyOf(order, k)).correct() ? 1 : 0;
        }
        return hits / draws;
    }

    private static int[] allIndices(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) a[i] = i;
        return a;
    }

    private static Prediction predict(List<Answer> answers, boolean[] correct, Equivalence eq, int[] subset) {
        java.util.Arrays.sort(subset); // votes in sampling order, so first-seen tie-breaks are stable
        List<Answer> chosen = new ArrayList<>(subset.length);
        for (int i : subset) chosen.add(answers.get(i));
        MajorityVote.Result r = MajorityVote.vote(chosen, eq, MajorityVote.NullPolicy.EXCLUDE);
        if (r.winner().isEmpty()) return new Prediction(0, false);
        int first = subset[r.winningCluster().orElseThrow().members().getFirst()];
        return new Prediction(r.score() / subset.length, correct[first]);
    }
}
