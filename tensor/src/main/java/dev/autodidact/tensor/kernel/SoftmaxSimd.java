package dev.autodidact.tensor.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** Vector API rows for {@link Softmax}; exponentials and sums from {@link VecMath}'s row functions (same bits in every JIT tier). */
final class SoftmaxSimd {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private SoftmaxSimd() {}

    static void softmaxRow(float[] x, int p, float[] out, int q, int n) {
        float max = ReductionsSimd.row(Reductions.Combine.MAX, x, p, n);
        VecMath.exp(x, p, max, 1f, out, q, n);
        float inv = 1f / VecMath.sum(out, q, n);
        int bound = S.loopBound(n), i = 0;
        for (; i < bound; i += S.length()) FloatVector.fromArray(S, out, q + i).mul(inv).intoArray(out, q + i);
        for (; i < n; i++) out[q + i] *= inv;
    }

    static void logSoftmaxRow(float[] x, int p, float[] out, int q, int n) {
        float max = ReductionsSimd.row(Reductions.Combine.MAX, x, p, n);
        float lse = max + (float) Math.log(VecMath.expSum(x, p, max, n));
        int bound = S.loopBound(n), i = 0;
        for (; i < bound; i += S.length()) FloatVector.fromArray(S, x, p + i).sub(lse).intoArray(out, q + i);
        for (; i < n; i++) out[q + i] = x[p + i] - lse;
    }
}
