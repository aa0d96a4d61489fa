package dev.autodidact.rl.advantage;

/**
 * Advantages of "REINFORCE++: A Simple and Efficient Approach for Aligning Large Language
 * Models" (algorithms-text §0.5): discounted returns of per-token rewards (outcome on the last
 * token plus any per-token KL penalty, as in PPO but without a critic),
 * {@code G_t = sum_{s>=t} gamma^(s-t) rw_s}, whitened over the whole batch. The "baseline"
 * variant subtracts the group-mean outcome reward first, then whitens over the batch.
 */
public final class ReinforcePlusPlus {
    private ReinforcePlusPlus() {}

    /** Discounted returns per response ([B][T_i] to [B][T_i]). */
    public static double[][] returns(double[][] tokenRewards, double gamma) {
        double[][] g = new double[tokenRewards.length][];
        for (int i = 0; i < g.length; i++) {
            double[] rw = tokenRewards[i];
            g[i] = new double[rw.length];
            double acc = 0;
            for (int t = rw.length - 1; t >= 0; t--) g[i][t] = acc = rw[t] + gamma * acc;
        }
        return g;
    }

    /** Whitened returns: the REINFORCE++ token advantages. */
    public static double[][] advantages(double[][] tokenRewards, double gamma) {
        return Whitening.whiten(returns(tokenRewards, gamma), true);
    }

    /**
     * REINFORCE++-baseline: outcome rewards (B*G, consecutive groups) minus their group mean,
     * broadcast to each response's {@code lengths[i]} tokens, whitened over the batch.
     */
    public static double[][] baselineAdvantages(double[] rewards, int groupSize, int[] lengths) {
        if (lengths.length != rewards.length)
            throw new IllegalArgumentException("REINFORCE++-baseline: " + rewards.length + " rewards but " + lengths.length + " response lengths");
        double[] centred = Groups.perGroup("REINFORCE++-baseline", rewards, groupSize, g -> {
            double m = Std.mean(g);
            double[] c = new double[g.length];
            for (int i = 0; i < c.length; i++) c[i] = g[i] - m;
            return c;
        });
        double[][] tokens = new double[rewards.length][];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = new double[lengths[i]];
            java.util.Arrays.fill(tokens[i], centred[i]);
        }
        return Whitening.whiten(tokens, true);
    }
}
