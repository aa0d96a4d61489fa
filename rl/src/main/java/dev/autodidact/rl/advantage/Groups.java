package dev.autodidact.rl.advantage;

import java.util.function.UnaryOperator;

/** Applies a per-group advantage rule to consecutive groups of a flat batch. */
final class Groups {
    private Groups() {}

    static double[] perGroup(String method, double[] rewards, int groupSize, UnaryOperator<double[]> rule) {
        if (groupSize < 1 || rewards.length % groupSize != 0)
            throw new IllegalArgumentException(method + ": " + rewards.length + " rewards do not split into groups of " + groupSize);
        double[] out = new double[rewards.length];
        for (int start = 0; start < rewards.length; start += groupSize) {
            double[] g = java.util.Arrays.copyOfRange(rewards, start, start + groupSize);
            System.arraycopy(rule.apply(g), 0, out, start, groupSize);
        }
        return out;
    }
}
