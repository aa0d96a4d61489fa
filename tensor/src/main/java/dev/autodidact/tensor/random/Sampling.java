package dev.autodidact.tensor.random;

import dev.autodidact.tensor.IntTensor;
import dev.autodidact.tensor.Shapes;
import dev.autodidact.tensor.Tensor;

/** Draws from categorical distributions given as probability rows. */
public final class Sampling {
    private Sampling() {}

    /**
     * One draw per row of {@code probs} [N, V] (rows need not be normalised; negative or NaN
     * weights are an error), row i using {@code streams[i]} so each draw is independent of the
     * rest of the batch.
     */
    public static IntTensor multinomial(Tensor probs, Rng[] streams) {
        if (probs.dim() != 2) throw new IllegalArgumentException("multinomial: probabilities must be [N, V], got " + Shapes.format(probs.shape()));
        int n = probs.size(0);
        if (streams.length != n) throw new IllegalArgumentException("multinomial: " + n + " rows but " + streams.length + " random streams");
        Tensor p = probs.contiguous();
        int[] out = new int[n];
        for (int i = 0; i < n; i++) out[i] = draw(p.data(), p.offset() + i * probs.size(1), probs.size(1), streams[i], i);
        return IntTensor.vector(out);
    }

    /** {@code samples} draws with replacement from one row of weights [V]. */
    public static IntTensor multinomial(Tensor weights, int samples, Rng rng) {
        if (weights.dim() != 1) throw new IllegalArgumentException("multinomial: weights must be [V], got " + Shapes.format(weights.shape()));
        Tensor p = weights.contiguous();
        int[] out = new int[samples];
        for (int i = 0; i < samples; i++) out[i] = draw(p.data(), p.offset(), weights.size(0), rng, 0);
        return IntTensor.vector(out);
    }

    /** Inverse-CDF draw from v weights starting at p. */
    public static int draw(float[] w, int p, int v, Rng rng, int row) {
        double total = 0;
        for (int j = 0; j < v; j++) {
            float x = w[p + j];
            if (!(x >= 0) || Float.isInfinite(x)) throw new IllegalArgumentException("multinomial: row " + row + " has invalid weight " + x + " at index " + j);
            total += x;
        }
        if (total <= 0) throw new IllegalArgumentException("multinomial: row " + row + " has no positive weight");
        double u = rng.nextDouble() * total, acc = 0;
        int last = -1;
        for (int j = 0; j < v; j++) {
            if (w[p + j] <= 0) continue;
            acc += w[p + j];
            last = j;
            if (u < acc) return j;
        }
        return last; // rounding left u at the very top: the last positive weight
    }
}
