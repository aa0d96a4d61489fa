package dev.autodidact.autograd.fused;

import dev.autodidact.tensor.Simd;
import dev.autodidact.tensor.kernel.VecMath;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Row loops shared by the softmax-shaped fused ops (cross-entropy, log-softmax-gather,
 * attention): log-sum-exp of a row, a scaled exponential of a row, a masked softmax and its
 * backward. Each has a plain loop (the reference, used when SIMD is off) and a Vector API loop
 * whose exponentials and sums come from {@link VecMath}'s row functions: the same bits in every
 * JIT tier, and no vector crosses a method call.
 */
final class RowKernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private RowKernels() {}

    /** log Σ_j exp(x[p + j]) for j < n, shifted by the maximum. */
    static float logSumExp(float[] x, int p, int n) {
        return Simd.enabled() ? logSumExpSimd(x, p, n) : logSumExpNaive(x, p, n);
    }

    static float logSumExpNaive(float[] x, int p, int n) {
        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) max = Math.max(max, x[p + j]);
        double s = 0;
        for (int j = 0; j < n; j++) s += Math.exp(x[p + j] - max);
        return max + (float) Math.log(s);
    }

    static float logSumExpSimd(float[] x, int p, int n) {
        int bound = S.loopBound(n), j = 0;
        FloatVector mv = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        for (; j < bound; j += S.length()) mv = mv.max(FloatVector.fromArray(S, x, p + j));
        float max = mv.reduceLanes(VectorOperators.MAX);
        for (; j < n; j++) max = Math.max(max, x[p + j]);
        return max + (float) Math.log(VecMath.expSum(x, p, max, n));
    }

    /** out[q + j] = c · exp(x[p + j] − lse) for j < n: c times the softmax row when lse is the row's log-sum-exp. */
    static void scaledSoftmax(float[] x, int p, int n, float lse, float c, float[] out, int q) {
        if (Simd.enabled()) {
            VecMath.exp(x, p, lse, 1f, out, q, n);
            int j = 0;
            for (int bound = S.loopBound(n); j < bound; j += S.length()) FloatVector.fromArray(S, out, q + j).mul(c).intoArray(out, q + j);
            for (; j < n; j++) out[q + j] *= c;
            return;
        }
        for (int j = 0; j < n; j++) out[q + j] = c * (float) Math.exp(x[p + j] - lse);
    }

    /**
     * Softmax in place over s[p .. p+limit) restricted to keys with mask[m + j] != 0 (mask may be
     * null); entries at or after {@code limit} and masked ones become 0; a row with no allowed
     * entry becomes all zeros. Row length t.
     */
    static void maskedSoftmax(float[] s, int p, int t, int limit, float[] mask, int m) {
        if (Simd.enabled()) maskedSoftmaxSimd(s, p, t, limit, mask, m);
        else maskedSoftmaxNaive(s, p, t, limit, mask, m);
    }

    static void maskedSoftmaxNaive(float[] s, int p, int t, int limit, float[] mask, int m) {
        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < limit; j++) if (mask == null || mask[m + j] != 0f) max = Math.max(max, s[p + j]);
        if (max == Float.NEGATIVE_INFINITY) {
            java.util.Arrays.fill(s, p, p + t, 0f);
            return;
        }
        double sum = 0;
        for (int j = 0; j < t; j++) {
            float e = j < limit && (mask == null || mask[m + j] != 0f) ? (float) Math.exp(s[p + j] - max) : 0f;
            s[p + j] = e;
            sum += e;
        }
        float inv = (float) (1 / sum);
        for (int j = 0; j < limit; j++) s[p + j] *= inv;
    }

    static void maskedSoftmaxSimd(float[] s, int p, int t, int limit, float[] mask, int m) {
        int bound = S.loopBound(limit), j = 0;
        // Masked keys become −∞ in place (exp gives exactly 0), so the rest is a plain softmax.
        if (mask != null) {
            for (; j < bound; j += S.length()) {
                VectorMask<Float> blocked = FloatVector.fromArray(S, mask, m + j).compare(VectorOperators.EQ, 0f);
                FloatVector.fromArray(S, s, p + j).blend(Float.NEGATIVE_INFINITY, blocked).intoArray(s, p + j);
            }
            for (; j < limit; j++) if (mask[m + j] == 0f) s[p + j] = Float.NEGATIVE_INFINITY;
        }
        FloatVector mv = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        for (j = 0; j < bound; j += S.length()) mv = mv.max(FloatVector.fromArray(S, s, p + j));
        float max = mv.reduceLanes(VectorOperators.MAX);
        for (; j < limit; j++) max = Math.max(max, s[p + j]);
        if (max == Float.NEGATIVE_INFINITY) {
            java.util.Arrays.fill(s, p, p + t, 0f);
            return;
        }
        VecMath.exp(s, p, max, 1f, s, p, limit);
        float inv = (float) (1 / (double) VecMath.sum(s, p, limit));
        java.util.Arrays.fill(s, p + limit, p + t, 0f);
        for (j = 0; j < bound; j += S.length()) FloatVector.fromArray(S, s, p + j).mul(inv).intoArray(s, p + j);
        for (; j < limit; j++) s[p + j] *= inv;
    }

    /** dp[o + j] = p[o + j] · (dp[o + j] − Σ_k dp[o + k] p[o + k]) for j < n: softmax backward, in place. */
    static void softmaxBackward(float[] p, float[] dp, int o, int n) {
        int j = 0;
        double dot = 0;
        boolean simd = Simd.enabled();
        int bound = S.loopBound(n);
        if (simd) {
            FloatVector acc = FloatVector.zero(S);
            for (; j < bound; j += S.length()) acc = FloatVector.fromArray(S, dp, o + j).fma(FloatVector.fromArray(S, p, o + j), acc);
            dot = VecMath.sumLanes(acc);
        }
        for (; j < n; j++) dot += dp[o + j] * p[o + j];
        float d = (float) dot;
        j = 0;
        if (simd) {
            for (; j < bound; j += S.length()) {
                FloatVector pv = FloatVector.fromArray(S, p, o + j);
                pv.mul(FloatVector.fromArray(S, dp, o + j).sub(d)).intoArray(dp, o + j);
            }
        }
        for (; j < n; j++) dp[o + j] = p[o + j] * (dp[o + j] - d);
    }
}
