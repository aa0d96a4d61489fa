package dev.autodidact.tensor.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** Vector API rows for {@link Softmax}; exponentials from {@link VecMath} (same bits in every JIT tier). */
final class SoftmaxSimd {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private SoftmaxSimd() {}

    static void softmaxRow(float[] x, int p, float[] out, int q, int n) {
        float max = ReductionsSimd.row(Reductions.Combine.MAX, x, p, n);
        int bound = S.loopBound(n), i = 0;
        FloatVector acc = FloatVector.zero(S);
        for (; i < bound; i += S.length()) {
            FloatVector e = VecMath.exp(FloatVector.fromArray(S, x, p + i).sub(max));
            e.intoArray(out, q + i);
            acc = acc.add(e);
        }
        float sum = VecMath.sumLanes(acc);
        for (; i < n; i++) {
            float e = VecMath.exp(x[p + i] - max);
            out[q + i] = e;
            sum += e;
        }
        float inv = 1f / sum;
        i = 0;
        for (; i < bound; i += S.length()) FloatVector.fromArray(S, out, q + i).mul(inv).intoArray(out, q + i);
        for (; i < n; i++) out[q + i] *= inv;
    }

    static void logSoftmaxRow(float[] x, int p, float[] out, int q, int n) {
        float max = ReductionsSimd.row(Reductions.Combine.MAX, x, p, n);
        int bound = S.loopBound(n), i = 0;
        FloatVector acc = FloatVector.zero(S);
        for (; i < bound; i += S.length()) {
            acc = acc.add(VecMath.exp(FloatVector.fromArray(S, x, p + i).sub(max)));
        }
        float sum = VecMath.sumLanes(acc);
        for (; i < n; i++) sum += VecMath.exp(x[p + i] - max);
        float lse = max + (float) Math.log(sum);
        i = 0;
        for (; i < bound; i += S.length()) FloatVector.fromArray(S, x, p + i).sub(lse).intoArray(out, q + i);
        for (; i < n; i++) out[q + i] = x[p + i] - lse;
    }
}
