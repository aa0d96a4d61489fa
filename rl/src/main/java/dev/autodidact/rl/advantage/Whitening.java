package dev.autodidact.rl.advantage;

/**
 * Whitening over all response tokens of a batch (verl's {@code masked_whiten}): subtract the
 * mean and divide by {@code sqrt(var + 1e-8)} with the unbiased variance; rows are responses
 * of different lengths, so the mask is implicit in the ragged array.
 */
public final class Whitening {
    public static final double EPS = 1e-8;

    private Whitening() {}

    /** Whitened copy of {@code x}; with {@code shiftMean = false} the mean is added back. */
    public static double[][] whiten(double[][] x, boolean shiftMean) {
        long n = 0;
        double sum = 0;
        for (double[] row : x)
            for (double v : row) {
                if (!Double.isFinite(v)) throw new IllegalArgumentException("whiten: value " + v + " in the batch");
                sum += v;
                n++;
            }
        if (n < 2) throw new IllegalArgumentException("whiten: needs at least 2 tokens in the batch, got " + n);
        double mean = sum / n, ss = 0;
        for (double[] row : x) for (double v : row) ss += (v - mean) * (v - mean);
        double inv = 1 / Math.sqrt(ss / (n - 1) + EPS);
        double[][] out = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            out[i] = new double[x[i].length];
            for (int t = 0; t < x[i].length; t++) out[i][t] = (x[i][t] - mean) * inv + (shiftMean ? 0 : mean);
        }
        return out;
    }
}
