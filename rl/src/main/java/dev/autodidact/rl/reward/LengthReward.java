package dev.autodidact.rl.reward;

/**
 * The Kimi-1.5-style length reward (algorithms-text §0.13), a baseline for the efficiency
 * methods: over a group with lengths L_i, {@code lam_i = 0.5 - (L_i - L_min) / (L_max - L_min)}
 * (0 when all lengths are equal); a correct response gets {@code lam_i}, an incorrect one
 * {@code min(0, lam_i)}. The caller adds {@code w * r_len} to its accuracy reward.
 */
public final class LengthReward {
    private LengthReward() {}

    /** {@code r_len} per response from its length (tokens) and correctness. */
    public static double[] rewards(int[] lengths, boolean[] correct) {
        if (lengths.length != correct.length)
            throw new IllegalArgumentException("LengthReward: " + lengths.length + " lengths but " + correct.length + " correctness flags");
        int min = Integer.MAX_VALUE, max = Integer.MIN_VALUE;
        for (int l : lengths) {
            if (l < 0) throw new IllegalArgumentException("LengthReward: negative length " + l);
            min = Math.min(min, l);
            max = Math.max(max, l);
        }
        double[] r = new double[lengths.length];
        for (int i = 0; i < r.length; i++) {
            double lam = max == min ? 0 : 0.5 - (double) (lengths[i] - min) / (max - min);
            r[i] = correct[i] ? lam : Math.min(0, lam);
        }
        return r;
    }
}
