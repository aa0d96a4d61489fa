package dev.autodidact.rl.task;

/**
 * The data splits of the shared testbed (algorithms-text §C.4): labelled training prompts, a
 * large unlabelled prompt pool for label-free RL, an in-distribution test set, and an
 * out-of-distribution test set at difficulties never seen in the other three.
 */
public enum Split {
    TRAIN, UNLABELED, TEST, OOD;

    /** Whether problems of this split are drawn from the out-of-distribution difficulties. */
    public boolean outOfDistribution() {
        return this == OOD;
    }
}
