package dev.autodidact.rl.advantage;

/**
 * Leave-one-out advantages of "Buy 4 REINFORCE Samples, Get a Baseline for Free!" (RLOO,
 * algorithms-text §0.5): {@code A_i = r_i - (sum_j r_j - r_i) / (G - 1)}. A group of one keeps
 * its reward as advantage (verl).
 */
public final class Rloo {
    private Rloo() {}

    /** Advantages for one group (G rewards). */
    public static double[] advantages(double[] rewards) {
        Grpo.checkRewards("RLOO", rewards);
        int g = rewards.length;
        if (g == 1) return rewards.clone();
        double sum = 0;
        for (double r : rewards) sum += r;
        double[] a = new double[g];
        for (int i = 0; i < g; i++) a[i] = rewards[i] - (sum - rewards[i]) / (g - 1);
        return a;
    }

    /** Advantages for consecutive groups of {@code groupSize} in a flat batch. */
    public static double[] batchAdvantages(double[] rewards, int groupSize) {
        return Groups.perGroup("RLOO", rewards, groupSize, Rloo::advantages);
    }
}
