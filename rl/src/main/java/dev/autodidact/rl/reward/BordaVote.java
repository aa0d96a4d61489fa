package dev.autodidact.rl.reward;

import dev.autodidact.rl.task.Answer;
import dev.autodidact.rl.task.Equivalence;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Borda voting for Best-of-N of "Scalable Best-of-N Selection for Large Language Models via
 * Self-Certainty" (algorithms-text §3.2): rank the N responses by certainty (rank 1 = most
 * certain, earlier response first on ties), give response i the vote
 * {@code (N - rank_i + 1)^p}, and sum the votes of equivalent answers; NULL answers keep their
 * rank but cast no vote. p = 0 is plain majority vote; a large p approaches picking the single
 * most certain response.
 */
public final class BordaVote {
    public static final double DEFAULT_POWER = 0.5;

    private BordaVote() {}

    /** The Borda vote weight of each response. */
    public static double[] weights(double[] certainty, double power) {
        int n = certainty.length;
        for (int i = 0; i < n; i++)
            if (Double.isNaN(certainty[i])) throw new IllegalArgumentException("Borda vote: certainty " + i + " is NaN");
        Integer[] byCertainty = new Integer[n];
        for (int i = 0; i < n; i++) byCertainty[i] = i;
        Arrays.sort(byCertainty, Comparator.comparingDouble((Integer i) -> -certainty[i]));
        double[] w = new double[n];
        for (int rank = 1; rank <= n; rank++) w[byCertainty[rank - 1]] = Math.pow(n - rank + 1, power);
        return w;
    }

    public static MajorityVote.Result vote(List<Answer> answers, double[] certainty, double power, Equivalence eq) {
        if (answers.size() != certainty.length)
            throw new IllegalArgumentException("Borda vote: " + answers.size() + " answers but " + certainty.length + " certainties");
        return MajorityVote.weighted(answers, weights(certainty, power), eq, MajorityVote.NullPolicy.EXCLUDE);
    }
}
