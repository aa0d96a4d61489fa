package dev.autodidact.transformer.infer;

import dev.autodidact.tensor.Simd;
import dev.autodidact.tensor.random.Rng;
import dev.autodidact.tensor.kernel.VecMath;

import java.util.Arrays;

/**
 * Turns one row of logits [V] into a token: the raw log-softmax (T = 1) for the reported
 * log-probability and entropy, then temperature, top-k, top-p and min-p on the tempered
 * distribution and one inverse-CDF draw from the row's own stream. Scratch arrays are reused
 * across calls (one chooser per sampling loop).
 */
final class TokenChooser {
    private final int v;
    private final float[] probs, sorted;

    /** What was chosen and its statistics. */
    int token;
    float logProb, rawLogProb, entropy;

    TokenChooser(int v) {
        this.v = v;
        this.probs = new float[v];
        this.sorted = new float[v];
    }

    void choose(float[] logits, int off, SamplingConfig cfg, Rng rng) {
        // raw distribution (T = 1): one exp per entry, e_j = exp(l_j − max) kept in probs
        float max = Float.NEGATIVE_INFINITY;
        int argmax = 0;
        for (int j = 0; j < v; j++) {
            if (logits[off + j] > max) {
                max = logits[off + j];
                argmax = j;
            }
        }
        double sum = expShifted(logits, off, max, 1f), weighted = 0;
        for (int j = 0; j < v; j++) weighted += probs[j] * (double) (logits[off + j] - max);
        double logSum = Math.log(sum), lse = max + logSum;
        // H = −Σ p log p with log p_j = (l_j − max) − log Σe
        entropy = (float) (logSum - weighted / sum);
        if (cfg.greedy()) {
            token = argmax;
            logProb = 0f;
            rawLogProb = (float) (logits[off + token] - lse);
            return;
        }
        // tempered distribution (the raw one reused at T = 1), then the filters (each keeps the most likely token)
        double tsum = cfg.temperature() == 1f ? sum : expShifted(logits, off, max, 1f / cfg.temperature());
        float inv = (float) (1 / tsum);
        for (int j = 0; j < v; j++) probs[j] *= inv;
        if (cfg.topK() > 0 && cfg.topK() < v) {
            float kth = kthLargest(cfg.topK());
            for (int j = 0; j < v; j++) if (probs[j] < kth) probs[j] = 0f;
        }
        if (cfg.topP() < 1f) {
            // smallest set of most likely tokens whose mass reaches p (ties at the cut stay in)
            System.arraycopy(probs, 0, sorted, 0, v);
            Arrays.sort(sorted);
            double kept = 0, total = 0;
            for (float p : sorted) total += p;
            float cut = sorted[v - 1];
            for (int j = v - 1; j >= 0; j--) {
                kept += sorted[j];
                cut = sorted[j];
                if (kept >= cfg.topP() * total) break;
            }
            for (int j = 0; j < v; j++) if (probs[j] < cut) probs[j] = 0f;
        }
        if (cfg.minP() > 0f) {
            float top = 0;
            for (int j = 0; j < v; j++) top = Math.max(top, probs[j]);
            float floor = cfg.minP() * top;
            for (int j = 0; j < v; j++) if (probs[j] < floor) probs[j] = 0f;
        }
        double z = 0;
        for (int j = 0; j < v; j++) z += probs[j];
        double u = rng.nextDouble() * z, acc = 0;
        int pick = -1;
        for (int j = 0; j < v; j++) {
            if (probs[j] <= 0f) continue;
            acc += probs[j];
            pick = j;
            if (u < acc) break;
        }
        token = pick;
        logProb = (float) Math.log(probs[pick] / z);
        rawLogProb = (float) (logits[off + token] - lse);
    }

    /** probs_j = exp((l_j − max)·scale) for the row; returns their sum. Vector API when enabled. */
    private double expShifted(float[] logits, int off, float max, float scale) {
        if (Simd.enabled()) {
            VecMath.exp(logits, off, max, scale, probs, 0, v);
            return VecMath.sum(probs, 0, v);
        }
        double sum = 0;
        for (int j = 0; j < v; j++) {
            probs[j] = VecMath.exp((logits[off + j] - max) * scale);
            sum += probs[j];
        }
        return sum;
    }

    /** The k-th largest of probs (ties: every token equal to it stays). */
    private float kthLargest(int k) {
        System.arraycopy(probs, 0, sorted, 0, v);
        Arrays.sort(sorted);
        return sorted[v - k];
    }

    /** The k most likely tokens of the raw distribution in logits row {@code off}. */
    Sample.TopTokens top(float[] logits, int off, int k) {
        k = Math.min(k, v);
        int[] ids = new int[k];
        float[] ps = new float[k];
        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < v; j++) max = Math.max(max, logits[off + j]);
        double sum = 0;
        for (int j = 0; j < v; j++) sum += Math.exp(logits[off + j] - max);
        boolean[] taken = new boolean[v];
        for (int r = 0; r < k; r++) {
            int best = -1;
            for (int j = 0; j < v; j++) if (!taken[j] && (best < 0 || logits[off + j] > logits[off + best])) best = j;
            taken[best] = true;
            ids[r] = best;
            ps[r] = (float) (Math.exp(logits[off + best] - max) / sum);
        }
        return new Sample.TopTokens(ids, ps);
    }
}
