package dev.autodidact.rl.loss;

/**
 * The clipped value-head loss of PPO (algorithms-text §0.4):
 * {@code 0.5 * mean_t max((V - Ret)^2, (clip(V, V_old - c, V_old + c) - Ret)^2)} over a
 * response's tokens.
 */
public final class ValueLoss {
    private ValueLoss() {}

    public static double loss(double[] values, double[] oldValues, double[] returns, double clip) {
        int n = values.length;
        if (oldValues.length != n || returns.length != n || n == 0)
            throw new IllegalArgumentException("value loss: lengths " + n + ", " + oldValues.length + ", " + returns.length + " must be equal and non-zero");
        if (!(clip > 0)) throw new IllegalArgumentException("value loss: clip must be positive, got " + clip);
        double s = 0;
        for (int t = 0; t < n; t++) {
            double clipped = Math.clamp(values[t], oldValues[t] - clip, oldValues[t] + clip);
            s += Math.max(square(values[t] - returns[t]), square(clipped - returns[t]));
        }
        return 0.5 * s / n;
    }

    private static double square(double x) {
        return x * x;
    }
}
