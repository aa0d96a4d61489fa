package dev.autodidact.rl.reward;

import dev.autodidact.rl.math.SplitMix64;

/**
 * The spurious-reward control of "Reasoning or Memorization?" (algorithms-text §15.k and the
 * RANDOM-GRPO arm of §C.6): {@code r ~ Bernoulli(p)}, independent of the output. Each draw is
 * keyed by (seed, step, prompt index, sample index), so it is reproducible and does not depend
 * on batch composition or thread scheduling.
 */
public final class RandomReward implements SelfReward {
    private final double probability;
    private final long seed;

    public RandomReward(double probability, long seed) {
        if (!(probability >= 0 && probability <= 1))
            throw new IllegalArgumentException("RandomReward: probability must be in [0, 1], got " + probability);
        this.probability = probability;
        this.seed = seed;
    }

    @Override
    public String name() {
        return "random";
    }

    @Override
    public double[] rewards(Group g) {
        double[] r = new double[g.size()];
        for (int i = 0; i < r.length; i++)
            r[i] = SplitMix64.derive(seed, g.step(), g.promptIndex(), i).nextDouble() < probability ? 1 : 0;
        return r;
    }
}
