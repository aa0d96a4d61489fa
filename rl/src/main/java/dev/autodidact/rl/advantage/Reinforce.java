package dev.autodidact.rl.advantage;

/**
 * Baselines for plain REINFORCE (algorithms-text §0.5): the batch-mean baseline
 * {@code A_i = r_i - mean_batch r}, and ReMax ("ReMax: A Simple, Effective, and Efficient
 * Reinforcement Learning Method for Aligning Large Language Models"),
 * {@code A_i = r_i - r(greedy response to the same prompt)}.
 */
public final class Reinforce {
    private Reinforce() {}

    public static double[] batchMeanBaseline(double[] rewards) {
        Grpo.checkRewards("REINFORCE", rewards);
        double mean = Std.mean(rewards);
        double[] a = new double[rewards.length];
        for (int i = 0; i < a.length; i++) a[i] = rewards[i] - mean;
        return a;
    }

    /** ReMax for one prompt: every sampled reward minus the greedy response's reward. */
    public static double[] reMax(double[] rewards, double greedyReward) {
        Grpo.checkRewards("ReMax", rewards);
        double[] a = new double[rewards.length];
        for (int i = 0; i < a.length; i++) a[i] = rewards[i] - greedyReward;
        return a;
    }
}
