package dev.autodidact.tensor;

/**
 * Attention masks as 1 (may attend / valid) and 0 (blocked / padding), plus their additive form
 * (0 and -∞) that is added to attention scores before softmax.
 */
public final class Masks {
    private Masks() {}

    /** [T, T]: row i may attend to columns j ≤ i. */
    public static Tensor causal(int t) {
        Tensor m = Tensor.zeros(t, t);
        float[] d = m.data();
        for (int i = 0; i < t; i++) for (int j = 0; j <= i; j++) d[i * t + j] = 1f;
        return m;
    }

    /** [B, T]: 1 for the first lengths[b] positions of row b, 0 for the padding after them. */
    public static Tensor padding(int[] lengths, int t) {
        Tensor m = Tensor.zeros(lengths.length, t);
        float[] d = m.data();
        for (int b = 0; b < lengths.length; b++) {
            if (lengths[b] < 0 || lengths[b] > t) throw new IllegalArgumentException("Masks.padding: length " + lengths[b] + " of row " + b + " is outside [0, " + t + "]");
            for (int j = 0; j < lengths[b]; j++) d[b * t + j] = 1f;
        }
        return m;
    }

    /** 0 where the mask is non-zero, -∞ where it is zero. */
    public static Tensor additive(Tensor mask) {
        return Tensor.zeros(mask.shape()).maskedFill(mask.eq(0f), Float.NEGATIVE_INFINITY);
    }
}
