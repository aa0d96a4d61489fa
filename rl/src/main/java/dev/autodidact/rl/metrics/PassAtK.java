package dev.autodidact.rl.metrics;

/**
 * The unbiased pass@k estimator of "Evaluating Large Language Models Trained on Code"
 * (algorithms-text §0.10): from n samples with c correct,
 * {@code pass@k = 1 - C(n - c, k) / C(n, k) = 1 - prod_{i = n-c+1}^{n} (1 - k / i)}, and 1 when
 * {@code n - c < k}. pass@1 is then the mean accuracy of the samples (avg@n).
 */
public final class PassAtK {
    private PassAtK() {}

    /** pass@k of one prompt. */
    public static double estimate(int n, int c, int k) {
        if (n < 1 || c < 0 || c > n || k < 1 || k > n)
            throw new IllegalArgumentException("pass@k: need 0 <= c <= n and 1 <= k <= n, got n = " + n + ", c = " + c + ", k = " + k);
        if (n - c < k) return 1;
        double miss = 1;
        for (int i = n - c + 1; i <= n; i++) miss *= 1 - (double) k / i;
        return 1 - miss;
    }

    /** Mean pass@k over prompts, {@code n[j]} samples and {@code c[j]} correct for prompt j. */
    public static double mean(int[] n, int[] c, int k) {
        if (n.length != c.length || n.length == 0)
            throw new IllegalArgumentException("pass@k: " + n.length + " sample counts and " + c.length + " correct counts (need equal, non-zero)");
        double s = 0;
        for (int j = 0; j < n.length; j++) s += estimate(n[j], c[j], k);
        return s / n.length;
    }
}
