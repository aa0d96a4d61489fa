package dev.autodidact.rl.advantage;

/**
 * Group-normalised advantages of "DeepSeekMath: Pushing the Limits of Mathematical Reasoning in
 * Open Language Models" (GRPO), as pinned down in algorithms-text §0.2:
 * {@code A_i = (r_i - mean_j r_j) / (std_j r_j + eps)}, eps = 1e-6, unbiased std; a group of one
 * uses mean 0 and std 1 (verl); a group whose rewards are all equal gets A = 0 exactly.
 * The advantage is per response and is broadcast to all its tokens.
 */
public final class Grpo {
    public static final double DEFAULT_EPS = 1e-6;

    private Grpo() {}

    /** Advantages for one group (G rewards) with the defaults. */
    public static double[] advantages(double[] rewards) {
        return advantages(rewards, DEFAULT_EPS, Std.UNBIASED);
    }

    /** Advantages for one group (G rewards). */
    public static double[] advantages(double[] rewards, double eps, Std std) {
        checkRewards("GRPO", rewards);
        double[] a = new double[rewards.length];
        if (allEqual(rewards) && rewards.length > 1) return a; // no learning signal, and no rounding noise
        double mean = rewards.length == 1 ? 0 : Std.mean(rewards);
        double sd = rewards.length == 1 ? 1 : std.of(rewards, mean);
        for (int i = 0; i < a.length; i++) a[i] = (rewards[i] - mean) / (sd + eps);
        return a;
    }

    /** Advantages for consecutive groups of {@code groupSize} in a flat batch (B*G rewards), with the defaults. */
    public static double[] batchAdvantages(double[] rewards, int groupSize) {
        return batchAdvantages(rewards, groupSize, DEFAULT_EPS, Std.UNBIASED);
    }

    /** Advantages for consecutive groups of {@code groupSize} in a flat batch (B*G rewards). */
    public static double[] batchAdvantages(double[] rewards, int groupSize, double eps, Std std) {
        return Groups.perGroup("GRPO", rewards, groupSize, g -> advantages(g, eps, std));
    }

    static boolean allEqual(double[] r) {
        for (double v : r) if (v != r[0]) return false;
        return true;
    }

    static void checkRewards(String method, double[] rewards) {
        if (rewards.length == 0) throw new IllegalArgumentException(method + ": a group needs at least one reward");
        for (int i = 0; i < rewards.length; i++)
            if (!Double.isFinite(rewards[i])) throw new IllegalArgumentException(method + ": reward " + i + " is " + rewards[i]);
    }
}
