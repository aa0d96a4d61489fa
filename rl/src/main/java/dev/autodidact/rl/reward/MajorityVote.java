package dev.autodidact.rl.reward;

import dev.autodidact.rl.task.Answer;
import dev.autodidact.rl.task.Equivalence;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Self-consistency voting (algorithms-text §0.8): cluster answers by equivalence and pick the
 * largest cluster, the first-seen cluster winning ties (Python {@code Counter} order). Also the
 * weighted vote and Best-of-N selection.
 */
public final class MajorityVote {

    /** What happens to missing and malformed answers. */
    public enum NullPolicy {
        /** NULL answers cast no vote (default; Co-Reward). */
        EXCLUDE,
        /**
         * NULL answers form one cluster that can win, as in the MM-UPT reference code; when it
         * wins there is no label, and since NULL equals nothing, no completion is rewarded.
         */
        VOTE
    }

    /** A cluster of equivalent answers: its first member (representative) and member indices. */
    public record Cluster(Answer representative, List<Integer> members) {
        public Cluster {
            members = List.copyOf(members);
        }

        public int size() {
            return members.size();
        }
    }

    /**
     * The outcome of a vote.
     *
     * @param winner   the winning answer; empty when nothing valid won
     * @param score    the winning cluster's vote count (or weight)
     * @param clusters every cluster in first-seen order; under {@link NullPolicy#VOTE} the NULL
     *                 answers form one cluster whose representative is not valid
     * @param winningCluster the cluster that won, when any did (it may be the NULL cluster)
     */
    public record Result(Optional<Answer.Valid> winner, double score, List<Cluster> clusters, Optional<Cluster> winningCluster) {
        public Result {
            clusters = List.copyOf(clusters);
        }
    }

    private MajorityVote() {}

    public static Result vote(List<Answer> answers, Equivalence eq, NullPolicy nulls) {
        double[] ones = new double[answers.size()];
        java.util.Arrays.fill(ones, 1);
        return weighted(answers, ones, eq, nulls);
    }

    /** {@code score(a) = sum of w_i over answers equivalent to a}; the argmax wins, first-seen on ties. */
    public static Result weighted(List<Answer> answers, double[] weights, Equivalence eq, NullPolicy nulls) {
        if (weights.length != answers.size())
            throw new IllegalArgumentException("MajorityVote: " + answers.size() + " answers but " + weights.length + " weights");
        List<Answer> reps = new ArrayList<>();
        List<List<Integer>> members = new ArrayList<>();
        List<Double> scores = new ArrayList<>();
        int nullCluster = -1;
        for (int i = 0; i < answers.size(); i++) {
            Answer a = answers.get(i);
            int c = -1;
            if (!a.isValid()) {
                if (nulls == NullPolicy.EXCLUDE) continue;
                c = nullCluster;
            } else {
                for (int k = 0; k < reps.size() && c < 0; k++) if (eq.test(reps.get(k), a)) c = k;
            }
            if (c < 0) {
                c = reps.size();
                reps.add(a);
                members.add(new ArrayList<>());
                scores.add(0.0);
                if (!a.isValid()) nullCluster = c;
            }
            members.get(c).add(i);
            scores.set(c, scores.get(c) + weights[i]);
        }
        int best = -1;
        for (int k = 0; k < reps.size(); k++) if (best < 0 || scores.get(k) > scores.get(best)) best = k;
        List<Cluster> clusters = new ArrayList<>();
        for (int k = 0; k < reps.size(); k++) clusters.add(new Cluster(reps.get(k), members.get(k)));
        Optional<Answer.Valid> winner = best >= 0 && reps.get(best) instanceof Answer.Valid v ? Optional.of(v) : Optional.empty();
        return new Result(winner, best >= 0 ? scores.get(best) : 0, clusters, best >= 0 ? Optional.of(clusters.get(best)) : Optional.empty());
    }

    /** Best-of-N: the index of the highest score, the lowest index on ties. */
    public static int bestOfN(double[] scores) {
        if (scores.length == 0) throw new IllegalArgumentException("bestOfN: no candidates to choose from");
        int best = 0;
        for (int i = 1; i < scores.length; i++) {
            if (Double.isNaN(scores[i])) throw new IllegalArgumentException("bestOfN: score " + i + " is NaN");
            if (scores[i] > scores[best]) best = i;
        }
        return best;
    }
}
