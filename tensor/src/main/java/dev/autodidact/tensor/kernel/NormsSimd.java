package dev.autodidact.tensor.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** Vector API rows for {@link Norms}. */
final class NormsSimd {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private NormsSimd() {}

    static void layerNormRow(float[] x, int p, float[] w, int wo, float[] b, int bo, float[] out, int q, int c,
                             float eps, float[] mean, int mi, float[] rstd, int ri) {
        float m = ReductionsSimd.row(Reductions.Combine.SUM, x, p, c) / c;
        int bound = S.loopBound(c), i = 0;
        FloatVector acc = FloatVector.zero(S);
        for (; i < bound; i += S.length()) {
            FloatVector d = FloatVector.fromArray(S, x, p + i).sub(m);
            acc = d.fma(d, acc);
        }
        float ss = VecMath.sumLanes(acc);
        for (; i < c; i++) { float d = x[p + i] - m; ss += d * d; }
        float rs = (float) (1.0 / Math.sqrt(ss / c + eps));
        for (i = 0; i < bound; i += S.length()) {
            FloatVector xh = FloatVector.fromArray(S, x, p + i).sub(m).mul(rs);
            xh.fma(FloatVector.fromArray(S, w, wo + i), FloatVector.fromArray(S, b, bo + i)).intoArray(out, q + i);
        }
        for (; i < c; i++) out[q + i] = (x[p + i] - m) * rs * w[wo + i] + b[bo + i];
        mean[mi] = m;
        rstd[ri] = rs;
    }

    static void rmsNormRow(float[] x, int p, float[] w, int wo, float[] out, int q, int c, float eps, float[] rstd, int ri) {
        int bound = S.loopBound(c), i = 0;
        FloatVector acc = FloatVector.zero(S);
        for (; i < bound; i += S.length()) {
            FloatVector v = FloatVector.fromArray(S, x, p + i);
            acc = v.fma(v, acc);
        }
        float ss = VecMath.sumLanes(acc);
        for (; i < c; i++) ss += x[p + i] * x[p + i];
        float rs = (float) (1.0 / Math.sqrt(ss / c + eps));
        for (i = 0; i < bound; i += S.length()) {
            FloatVector.fromArray(S, x, p + i).mul(rs).mul(FloatVector.fromArray(S, w, wo + i)).intoArray(out, q + i);
        }
        for (; i < c; i++) out[q + i] = x[p + i] * rs * w[wo + i];
        rstd[ri] = rs;
    }
}
