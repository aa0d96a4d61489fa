package dev.autodidact.transformer.infer;

import java.util.List;

/**
 * One generated continuation. Per new token: its log-probability under the distribution it was
 * drawn from (after temperature and filters; 0 for greedy picks), under the raw model (T = 1, no
 * filters — what RL ratios use), and the entropy of the raw distribution (nats); optionally the
 * most likely tokens of each step.
 *
 * @param tokens    the new tokens (a stop token, when one ended the sample, is the last)
 * @param text      the new tokens decoded ("" without a tokenizer)
 * @param truncated the context filled up before a stop token or the token cap
 */
public record Sample(int[] prompt, int[] tokens, String text, float[] logProbs, float[] rawLogProbs, float[] entropies,
                     List<TopTokens> topTokens, StopReason stopReason, boolean truncated) {

    public enum StopReason { STOP_TOKEN, MAX_NEW_TOKENS, CONTEXT_FULL }

    /** The most likely tokens of one step under the raw model, most likely first. */
    public record TopTokens(int[] ids, float[] probs) {}

    /** Σ raw log-probabilities: log p(completion | prompt) under the model. */
    public double rawLogProb() {
        double s = 0;
        for (float v : rawLogProbs) s += v;
        return s;
    }
}
