package dev.autodidact.rl.reward;

import dev.autodidact.rl.task.Answer;
import dev.autodidact.rl.task.Equivalence;

import java.util.Optional;

/**
 * The MM-UPT self-reward ("Unsupervised Post-Training for Multi-Modal LLM Reasoning via GRPO",
 * algorithms-text §1): {@code r_i = 1[eq(a_i, maj)]} where {@code maj} is the most frequent
 * answer among the group's G samples. NULL answers never win and always get 0.
 */
public final class MajorityVoteReward implements SelfReward {
    private final Equivalence equivalence;
    private final MajorityVote.NullPolicy nulls;

    public MajorityVoteReward(Equivalence equivalence, MajorityVote.NullPolicy nulls) {
        this.equivalence = equivalence;
        this.nulls = nulls;
    }

    /** Exact equivalence, NULL answers excluded from the vote. */
    public MajorityVoteReward() {
        this(Equivalence.EXACT, MajorityVote.NullPolicy.EXCLUDE);
    }

    @Override
    public String name() {
        return "majority_vote";
    }

    /** The pseudo-label of the group (for {@code label_acc}); empty when no valid answer won. */
    public Optional<Answer.Valid> pseudoLabel(Group g) {
        return MajorityVote.vote(g.answers(), equivalence, nulls).winner();
    }

    @Override
    public double[] rewards(Group g) {
        return rewardsAgainst(pseudoLabel(g), g.answers(), equivalence);
    }

    static double[] rewardsAgainst(Optional<Answer.Valid> label, java.util.List<Answer> answers, Equivalence eq) {
        double[] r = new double[answers.size()];
        if (label.isEmpty()) return r;
        for (int i = 0; i < r.length; i++) r[i] = eq.test(answers.get(i), label.get()) ? 1 : 0;
        return r;
    }
}
