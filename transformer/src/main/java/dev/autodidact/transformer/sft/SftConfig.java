package dev.autodidact.transformer.sft;

/**
 * Supervised fine-tuning settings: batch size, number of optimizer steps, AdamW with linear
 * warm-up then cosine decay to {@code lr · minLrFactor}, global-norm clipping, how often to
 * evaluate, log and checkpoint (0 = never), and the seed of the example order.
 */
public record SftConfig(int batchSize, long steps, double lr, double minLrFactor, long warmup, double weightDecay, double clipNorm,
                        long evalEvery, long logEvery, long checkpointEvery, long seed) {

    public SftConfig {
        if (batchSize < 1) throw new IllegalArgumentException("sft: batchSize must be >= 1, got " + batchSize);
        if (steps < 1) throw new IllegalArgumentException("sft: steps must be >= 1, got " + steps);
        if (!(lr > 0)) throw new IllegalArgumentException("sft: lr must be > 0, got " + lr);
        if (!(minLrFactor >= 0 && minLrFactor <= 1)) throw new IllegalArgumentException("sft: minLrFactor must be in [0, 1], got " + minLrFactor);
        if (warmup < 0 || warmup > steps) throw new IllegalArgumentException("sft: warmup must be in [0, steps], got " + warmup + " of " + steps);
        if (!(clipNorm > 0)) throw new IllegalArgumentException("sft: clipNorm must be > 0, got " + clipNorm);
        if (evalEvery < 0 || logEvery < 0 || checkpointEvery < 0) throw new IllegalArgumentException("sft: evalEvery, logEvery and checkpointEvery must be >= 0 (0 = never)");
    }

    public static Builder builder() { return new Builder(); }

    /** Defaults: batch 32, 1000 steps, lr 1e-3 → 1e-4, warm-up 50, weight decay 0.1, clip 1.0, eval every 100, log every 10, no checkpoints, seed 0. */
    public static final class Builder {
        private int batchSize = 32;
        private long steps = 1000, warmup = 50, evalEvery = 100, logEvery = 10, checkpointEvery = 0, seed = 0;
        private double lr = 1e-3, minLrFactor = 0.1, weightDecay = 0.1, clipNorm = 1.0;

        public Builder batchSize(int v) { batchSize = v; return this; }
        public Builder steps(long v) { steps = v; return this; }
        public Builder lr(double v) { lr = v; return this; }
        public Builder minLrFactor(double v) { minLrFactor = v; return this; }
        public Builder warmup(long v) { warmup = v; return this; }
        public Builder weightDecay(double v) { weightDecay = v; return this; }
        public Builder clipNorm(double v) { clipNorm = v; return this; }
        public Builder evalEvery(long v) { evalEvery = v; return this; }
        public Builder logEvery(long v) { logEvery = v; return this; }
        public Builder checkpointEvery(long v) { checkpointEvery = v; return this; }
        public Builder seed(long v) { seed = v; return this; }

        public SftConfig build() {
            return new SftConfig(batchSize, steps, lr, minLrFactor, warmup, weightDecay, clipNorm, evalEvery, logEvery, checkpointEvery, seed);
        }
    }
}
