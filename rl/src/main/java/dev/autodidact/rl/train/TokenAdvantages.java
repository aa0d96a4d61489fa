package dev.autodidact.rl.train;

import dev.autodidact.rl.advantage.Gae;
import dev.autodidact.rl.advantage.ReinforcePlusPlus;
import dev.autodidact.rl.advantage.Whitening;

/**
 * Per-token advantages with the KL penalty in the reward (algorithms-text §0.4, §0.5): each
 * response token earns {@code -beta (logp_old_t - logp_ref_t)}, the last one also the outcome
 * reward; REINFORCE++ whitens the discounted returns over the batch, PPO runs GAE against the
 * value head's estimates and whitens the advantages (its value targets are the returns, not
 * whitened).
 *
 * @param advantages per response, per token
 * @param returns    PPO's value targets per token (null for REINFORCE++)
 * @param klMean     mean over all response tokens of {@code logp_old - logp_ref} (k1, 0 without a reference)
 */
record TokenAdvantages(float[][] advantages, float[][] returns, double klMean) {

    /**
     * @param outcomes one outcome reward per response
     * @param logpOld  per response, its tokens' log-probs under the sampling policy
     * @param logpRef  the same under the reference; an empty array when there is no KL term
     * @param values   the value head's V_t per response (PPO), or null (REINFORCE++)
     */
    static TokenAdvantages of(double[] outcomes, float[][] logpOld, float[][] logpRef, double beta, double gamma, double lambda, float[][] values) {
        int n = outcomes.length;
        boolean kl = logpRef.length > 0;
        double[][] rewards = new double[n][];
        double klSum = 0;
        long tokens = 0;
        for (int i = 0; i < n; i++) {
            double[] old = doubles(logpOld[i]), ref = kl ? doubles(logpRef[i]) : old;
            rewards[i] = Gae.ppoTokenRewards(old, ref, kl ? beta : 0, outcomes[i]);
            for (int t = 0; t < old.length; t++) klSum += old[t] - ref[t];
            tokens += old.length;
        }
        double klMean = tokens == 0 ? 0 : klSum / tokens;
        if (values == null) return new TokenAdvantages(floats(ReinforcePlusPlus.advantages(rewards, gamma)), null, klMean);
        double[][] adv = new double[n][], ret = new double[n][];
        for (int i = 0; i < n; i++) {
            Gae.Estimate e = Gae.estimate(rewards[i], doubles(values[i]), gamma, lambda);
            adv[i] = e.advantages();
            ret[i] = e.returns();
        }
        return new TokenAdvantages(floats(Whitening.whiten(adv, true)), floats(ret), klMean);
    }

    /** Each response's mean token advantage (what {@code completions.jsonl} shows). */
    double[] perResponseMeans() {
        double[] out = new double[advantages.length];
        for (int i = 0; i < out.length; i++) {
            double s = 0;
            for (float a : advantages[i]) s += a;
            out[i] = advantages[i].length == 0 ? 0 : s / advantages[i].length;
        }
        return out;
    }

    /** Mean |A_t| over all response tokens. */
    double absMean() {
        double s = 0;
        long n = 0;
        for (float[] row : advantages)
            for (float a : row) {
                s += Math.abs(a);
                n++;
            }
        return n == 0 ? 0 : s / n;
    }

    static double[] doubles(float[] x) {
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) d[i] = x[i];
        return d;
    }

    static float[][] floats(double[][] x) {
        float[][] f = new float[x.length][];
        for (int i = 0; i < x.length; i++) {
            f[i] = new float[x[i].length];
            for (int t = 0; t < f[i].length; t++) f[i][t] = (float) x[i][t];
        }
        return f;
    }
}
