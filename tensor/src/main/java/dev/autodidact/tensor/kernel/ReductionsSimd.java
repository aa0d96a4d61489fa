package dev.autodidact.tensor.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** Vector API loops for {@link Reductions}; lane order is fixed, so results are reproducible. */
final class ReductionsSimd {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private ReductionsSimd() {}

    /** Reduces n contiguous values: lanes accumulate, then one horizontal reduction, then the tail. */
    static float row(Reductions.Combine op, float[] d, int p, int n) {
        int bound = S.loopBound(n);
        if (bound == 0) return Reductions.rowNaive(op, d, p, n);
        FloatVector acc = FloatVector.fromArray(S, d, p);
        for (int i = S.length(); i < bound; i += S.length()) {
            FloatVector v = FloatVector.fromArray(S, d, p + i);
            acc = switch (op) {
                case SUM -> acc.add(v);
                case MAX -> acc.max(v);
                case MIN -> acc.min(v);
            };
        }
        float r = switch (op) {
            case SUM -> VecMath.sumLanes(acc);  // fixed lane order: the same bits in every JIT tier
            case MAX -> acc.reduceLanes(VectorOperators.MAX);
            case MIN -> acc.reduceLanes(VectorOperators.MIN);
        };
        for (int i = bound; i < n; i++) r = Reductions.combine(op, r, d[p + i]);
        return r;
    }

    /** out[dst + j] = combine over k < r of d[src + k·stride + j], vectorised over j. */
    static void columns(Reductions.Combine op, float[] d, int src, int stride, int r, float[] out, int dst, int len) {
        int bound = S.loopBound(len);
        int j = 0;
        for (; j < bound; j += S.length()) {
            FloatVector acc = FloatVector.fromArray(S, d, src + j);
            for (int k = 1; k < r; k++) {
                FloatVector v = FloatVector.fromArray(S, d, src + k * stride + j);
                acc = switch (op) {
                    case SUM -> acc.add(v);
                    case MAX -> acc.max(v);
                    case MIN -> acc.min(v);
                };
            }
            acc.intoArray(out, dst + j);
        }
        if (j < len) Reductions.columnsNaive(op, d, src + j, stride, r, out, dst + j, len - j);
    }
}
