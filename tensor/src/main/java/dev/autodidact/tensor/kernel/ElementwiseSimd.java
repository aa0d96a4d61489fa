package dev.autodidact.tensor.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API inner loops for {@link Elementwise}: unit-stride rows, one vector at a time; unary
 * tails as one masked vector, binary tails through the (exact) reference definition.
 * Transcendentals come from {@link VecMath}, which gives the same bits in every JIT tier.
 * Loaded only when {@code jdk.incubator.vector} exists.
 */
final class ElementwiseSimd {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final FloatVector ONE = FloatVector.broadcast(S, 1f);

    private ElementwiseSimd() {}

    static void unary(UnaryOp op, float p, float q, float[] x, int xo, float[] out, int oo, int n) {
        int i = 0;
        int bound = S.loopBound(n);
        for (; i < bound; i += S.length()) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            apply(op, v, p, q).intoArray(out, oo + i);
        }
        if (i < n) {
            // The tail as one masked vector: the same lane arithmetic as the body, so a value's
            // bits never depend on where a row (or a thread's chunk of it) ends.
            VectorMask<Float> m = S.indexInRange(i, n);
            apply(op, FloatVector.fromArray(S, x, xo + i, m), p, q).intoArray(out, oo + i, m);
        }
    }

    static FloatVector apply(UnaryOp op, FloatVector v, float p, float q) {
        return switch (op) {
            case NEG -> v.neg();
            case ABS -> v.abs();
            case EXP -> VecMath.exp(v);
            case LOG -> VecMath.log(v);
            case SQRT -> v.sqrt();
            case RSQRT -> ONE.div(v.sqrt());
            case SQUARE -> v.mul(v);
            case TANH -> VecMath.tanh(v);
            case SIGMOID -> sigmoid(v);
            case RELU -> v.max(0f);
            case GELU_TANH -> {
                FloatVector inner = v.mul(v).mul(v).mul(UnaryOp.GELU_C).add(v).mul(UnaryOp.SQRT_2_OVER_PI);
                yield VecMath.tanh(inner).add(1f).mul(v).mul(0.5f);
            }
            case GELU_ERF -> erf(v.mul(UnaryOp.INV_SQRT2)).add(1f).mul(v).mul(0.5f);
            case SILU -> v.mul(sigmoid(v));
            case POW -> p == 2f ? v.mul(v) : p == 1f ? v : p == 0.5f ? v.sqrt() : powLanes(v, p);
            case CLAMP -> v.max(p).min(q);
        };
    }

    static FloatVector sigmoid(FloatVector v) {
        return ONE.div(VecMath.exp(v.neg()).add(1f));
    }

    /** x^p lane by lane through {@link Math#pow} (rare; the vector POW differs between JIT tiers). */
    private static FloatVector powLanes(FloatVector v, float p) {
        float[] a = v.toArray();
        for (int i = 0; i < a.length; i++) a[i] = (float) Math.pow(a[i], p);
        return FloatVector.fromArray(S, a, 0);
    }

    /** Same rational approximation as {@link Erf#erf}, in float lanes. */
    static FloatVector erf(FloatVector x) {
        FloatVector ax = x.abs();
        FloatVector t = ax.mul((float) Erf.P).add(1f);
        t = ONE.div(t);
        FloatVector poly = t.mul((float) Erf.A5).add((float) Erf.A4).mul(t).add((float) Erf.A3).mul(t)
                .add((float) Erf.A2).mul(t).add((float) Erf.A1).mul(t);
        FloatVector y = poly.mul(VecMath.exp(ax.mul(ax).neg())).neg().add(1f);
        VectorMask<Float> negative = x.compare(VectorOperators.LT, 0f);
        return y.blend(y.neg(), negative);
    }

    static void binary(BinaryOp op, float[] a, int ao, int sa, float[] b, int bo, int sb, float[] out, int oo, int n) {
        int i = 0;
        int bound = S.loopBound(n);
        FloatVector ca = sa == 0 ? FloatVector.broadcast(S, a[ao]) : null;
        FloatVector cb = sb == 0 ? FloatVector.broadcast(S, b[bo]) : null;
        for (; i < bound; i += S.length()) {
            FloatVector va = ca != null ? ca : FloatVector.fromArray(S, a, ao + i);
            FloatVector vb = cb != null ? cb : FloatVector.fromArray(S, b, bo + i);
            apply(op, va, vb).intoArray(out, oo + i);
        }
        for (; i < n; i++) out[oo + i] = op.apply(a[ao + i * sa], b[bo + i * sb]);
    }

    static FloatVector apply(BinaryOp op, FloatVector a, FloatVector b) {
        return switch (op) {
            case ADD -> a.add(b);
            case SUB -> a.sub(b);
            case MUL -> a.mul(b);
            case DIV -> a.div(b);
            case MAX -> a.max(b);
            case MIN -> a.min(b);
            case EQ -> mask(a.compare(VectorOperators.EQ, b));
            case NE -> mask(a.compare(VectorOperators.NE, b));
            case LT -> mask(a.compare(VectorOperators.LT, b));
            case LE -> mask(a.compare(VectorOperators.LE, b));
            case GT -> mask(a.compare(VectorOperators.GT, b));
            case GE -> mask(a.compare(VectorOperators.GE, b));
        };
    }

    private static FloatVector mask(VectorMask<Float> m) {
        return FloatVector.zero(S).blend(1f, m);
    }
}
