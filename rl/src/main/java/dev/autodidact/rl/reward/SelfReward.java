package dev.autodidact.rl.reward;

/**
 * A label-free reward: it sees a whole group of completions for one prompt (never its gold
 * answer) and returns one reward per completion. This is the only reward type a label-free
 * method accepts (see {@link RewardSlot}).
 */
public interface SelfReward {

    /** A short metric name, e.g. {@code majority_vote}. */
    String name();

    /** One reward per completion of {@code group}, in order. */
    double[] rewards(Group group);
}
