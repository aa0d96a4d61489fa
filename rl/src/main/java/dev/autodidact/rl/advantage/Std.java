package dev.autodidact.rl.advantage;

/**
 * Which standard deviation normalises advantages: the unbiased sample std (divide by n - 1,
 * what {@code torch.std} computes in every reference codebase; algorithms-text §A) or the
 * population std (divide by n).
 */
public enum Std {
    UNBIASED, POPULATION;

    /** The std of {@code x} about {@code mean}; 0 for a single unbiased sample. */
    public double of(double[] x, double mean) {
        double ss = 0;
        for (double v : x) ss += (v - mean) * (v - mean);
        int dof = this == UNBIASED ? x.length - 1 : x.length;
        return dof <= 0 ? 0 : Math.sqrt(ss / dof);
    }

    static double mean(double[] x) {
        double s = 0;
        for (double v : x) s += v;
        return s / x.length;
    }
}
