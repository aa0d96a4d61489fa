package dev.autodidact.transformer.infer;

import java.util.Arrays;

/**
 * How to sample: temperature (0 = greedy), top-k (0 = off), top-p (1 = off), min-p (0 = off),
 * applied in that order to the tempered distribution; stop tokens (kept as the last token of a
 * sample); a cap on new tokens; the seed of the per-sequence random streams; how many of the
 * most likely tokens to report per step (0 = none); and whether to use the KV cache (off only
 * for benchmarks and tests: every step then recomputes the whole sequence).
 */
public record SamplingConfig(float temperature, int topK, float topP, float minP, int maxNewTokens, int[] stopTokens,
                             long seed, int reportTopK, boolean useCache) {

    public SamplingConfig {
        stopTokens = stopTokens.clone();
        if (!(temperature >= 0) || Float.isInfinite(temperature)) throw new IllegalArgumentException("sampling: temperature must be finite and >= 0, got " + temperature);
        if (topK < 0) throw new IllegalArgumentException("sampling: topK must be >= 0 (0 = off), got " + topK);
        if (!(topP > 0 && topP <= 1)) throw new IllegalArgumentException("sampling: topP must be in (0, 1], got " + topP);
        if (!(minP >= 0 && minP < 1)) throw new IllegalArgumentException("sampling: minP must be in [0, 1), got " + minP);
        if (maxNewTokens < 1) throw new IllegalArgumentException("sampling: maxNewTokens must be >= 1, got " + maxNewTokens);
        if (reportTopK < 0) throw new IllegalArgumentException("sampling: reportTopK must be >= 0, got " + reportTopK);
    }

    public boolean greedy() { return temperature == 0f; }

    public boolean isStop(int token) {
        for (int s : stopTokens) if (s == token) return true;
        return false;
    }

    public static Builder builder() { return new Builder(); }

    /** Greedy decoding of at most {@code maxNewTokens} tokens. */
    public static SamplingConfig greedy(int maxNewTokens, int... stopTokens) {
        return builder().temperature(0).maxNewTokens(maxNewTokens).stopTokens(stopTokens).build();
    }

    public Builder toBuilder() {
        return builder().temperature(temperature).topK(topK).topP(topP).minP(minP).maxNewTokens(maxNewTokens)
                .stopTokens(stopTokens).seed(seed).reportTopK(reportTopK).useCache(useCache);
    }

    @Override
    public String toString() {
        return "SamplingConfig[temperature=" + temperature + ", topK=" + topK + ", topP=" + topP + ", minP=" + minP + ", maxNewTokens=" + maxNewTokens
                + ", stopTokens=" + Arrays.toString(stopTokens) + ", seed=" + seed + ", reportTopK=" + reportTopK + ", useCache=" + useCache + "]";
    }

    /** Defaults: T = 1, no filters, 64 new tokens, no stop tokens, seed 0, no top-k report, cache on. */
    public static final class Builder {
        private float temperature = 1f, topP = 1f, minP = 0f;
        private int topK = 0, maxNewTokens = 64, reportTopK = 0;
        private int[] stopTokens = new int[0];
        private long seed = 0;
        private boolean useCache = true;

        public Builder temperature(float t) { temperature = t; return this; }
        public Builder topK(int k) { topK = k; return this; }
        public Builder topP(float p) { topP = p; return this; }
        public Builder minP(float p) { minP = p; return this; }
        public Builder maxNewTokens(int n) { maxNewTokens = n; return this; }
        public Builder stopTokens(int... ids) { stopTokens = ids.clone(); return this; }
        public Builder seed(long s) { seed = s; return this; }
        public Builder reportTopK(int k) { reportTopK = k; return this; }
        public Builder useCache(boolean on) { useCache = on; return this; }

        public SamplingConfig build() {
            return new SamplingConfig(temperature, topK, topP, minP, maxNewTokens, stopTokens, seed, reportTopK, useCache);
        }
    }
}
