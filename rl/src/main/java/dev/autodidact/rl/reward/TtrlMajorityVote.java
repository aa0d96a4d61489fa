package dev.autodidact.rl.reward;

import dev.autodidact.rl.math.SplitMix64;
import dev.autodidact.rl.task.Answer;
import dev.autodidact.rl.task.Equivalence;

import java.util.Arrays;
import java.util.Optional;

/**
 * The TTRL variant of majority-vote reward ("TTRL: Test-Time Reinforcement Learning",
 * algorithms-text §1): vote over {@code nVotes} samples, train on a seeded random subset of
 * {@code nTrain} of them; the reward is 1 iff a sample's answer equals the majority over all
 * {@code nVotes}. The group handed to it must hold exactly {@code nVotes} completions.
 */
public final class TtrlMajorityVote implements SelfReward {
    private final int nVotes, nTrain;
    private final long seed;
    private final Equivalence equivalence;
    private final MajorityVote.NullPolicy nulls;

    /** The samples kept for the policy update, their rewards, and the pseudo-label. */
    public record Selection(int[] indices, double[] rewards, Optional<Answer.Valid> label) {}

    public TtrlMajorityVote(int nVotes, int nTrain, long seed, Equivalence equivalence, MajorityVote.NullPolicy nulls) {
        if (nVotes < 1 || nTrain < 1 || nTrain > nVotes)
            throw new IllegalArgumentException("TTRL: need 1 <= n_train <= n_votes, got n_votes = " + nVotes + " and n_train = " + nTrain);
        this.nVotes = nVotes;
        this.nTrain = nTrain;
        this.seed = seed;
        this.equivalence = equivalence;
        this.nulls = nulls;
    }

    /** The reference defaults: vote over 64, train on 32. */
    public static TtrlMajorityVote standard(long seed) {
        return new TtrlMajorityVote(64, 32, seed, Equivalence.EXACT, MajorityVote.NullPolicy.EXCLUDE);
    }

    @Override
    public String name() {
        return "ttrl_majority_vote";
    }

    public int nVotes() {
        return nVotes;
    }

    public int nTrain() {
        return nTrain;
    }

    public Optional<Answer.Valid> pseudoLabel(Group g) {
        checkSize(g);
        return MajorityVote.vote(g.answers(), equivalence, nulls).winner();
    }

    /** Rewards for all {@code nVotes} samples. */
    @Override
    public double[] rewards(Group g) {
        return MajorityVoteReward.rewardsAgainst(pseudoLabel(g), g.answers(), equivalence);
    }

    /** The {@code nTrain} samples to train on (ascending indices, keyed by seed, step and prompt index) and their rewards. */
    public Selection select(Group g) {
        Optional<Answer.Valid> label = pseudoLabel(g);
        double[] all = MajorityVoteReward.rewardsAgainst(label, g.answers(), equivalence);
        int[] order = new int[nVotes];
        for (int i = 0; i < nVotes; i++) order[i] = i;
        SplitMix64.derive(seed, g.step(), g.promptIndex()).shuffle(order);
        int[] kept = Arrays.copyOf(order, nTrain);
        Arrays.sort(kept);
        double[] r = new double[nTrain];
        for (int i = 0; i < nTrain; i++) r[i] = all[kept[i]];
        return new Selection(kept, r, label);
    }

    private void checkSize(Group g) {
        if (g.size() != nVotes)
            throw new IllegalArgumentException("TTRL: the group for " + g.prompt().id() + " has " + g.size() + " completions but votes are over n_votes = " + nVotes);
    }
}
