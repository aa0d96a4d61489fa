package dev.autodidact.rl.advantage;

/**
 * Advantages of "Understanding R1-Zero-Like Training: A Critical Perspective" (Dr.GRPO,
 * algorithms-text §0.3): {@code A_i = r_i - mean_j r_j}, without the std division. Its second
 * change, the constant-length loss normaliser, is {@code Aggregation.SEQ_MEAN_TOKEN_SUM_NORM}.
 */
public final class DrGrpo {
    private DrGrpo() {}

    /** Advantages for one group (G rewards). */
    public static double[] advantages(double[] rewards) {
        Grpo.checkRewards("Dr.GRPO", rewards);
        double[] a = new double[rewards.length];
        if (Grpo.allEqual(rewards)) return a;
        double mean = Std.mean(rewards);
        for (int i = 0; i < a.length; i++) a[i] = rewards[i] - mean;
        return a;
    }

    /** Advantages for consecutive groups of {@code groupSize} in a flat batch. */
    public static double[] batchAdvantages(double[] rewards, int groupSize) {
        return Groups.perGroup("Dr.GRPO", rewards, groupSize, DrGrpo::advantages);
    }
}
