package dev.autodidact.rl.advantage;

/**
 * Generalised advantage estimation ("High-Dimensional Continuous Control Using Generalized
 * Advantage Estimation") for PPO with a value head, algorithms-text §0.4:
 * {@code delta_t = rw_t + gamma V_{t+1} - V_t} (V_{T+1} = 0),
 * {@code A_t = delta_t + gamma lambda A_{t+1}}, {@code Ret_t = A_t + V_t}; the advantages of a
 * batch are then whitened ({@link Whitening}), the returns are not.
 */
public final class Gae {
    private Gae() {}

    /** Advantages and value targets of one response (T tokens each). */
    public record Estimate(double[] advantages, double[] returns) {}

    public static Estimate estimate(double[] tokenRewards, double[] values, double gamma, double lambda) {
        int n = tokenRewards.length;
        if (values.length != n) throw new IllegalArgumentException("GAE: " + n + " token rewards but " + values.length + " values");
        double[] adv = new double[n], ret = new double[n];
        double next = 0, nextValue = 0;
        for (int t = n - 1; t >= 0; t--) {
            double delta = tokenRewards[t] + gamma * nextValue - values[t];
            adv[t] = next = delta + gamma * lambda * next;
            ret[t] = adv[t] + values[t];
            nextValue = values[t];
        }
        return new Estimate(adv, ret);
    }

    /**
     * PPO per-token rewards (§0.4): {@code -beta_kl (logp_old_t - logp_ref_t)} on every token,
     * plus the outcome reward on the last one.
     */
    public static double[] ppoTokenRewards(double[] logpOld, double[] logpRef, double betaKl, double outcome) {
        if (logpOld.length != logpRef.length || logpOld.length == 0)
            throw new IllegalArgumentException("PPO rewards: " + logpOld.length + " old log-probs but " + logpRef.length + " reference log-probs (need equal, non-zero)");
        double[] rw = new double[logpOld.length];
        for (int t = 0; t < rw.length; t++) rw[t] = -betaKl * (logpOld[t] - logpRef[t]);
        rw[rw.length - 1] += outcome;
        return rw;
    }
}
