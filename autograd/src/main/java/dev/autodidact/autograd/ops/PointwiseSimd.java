package dev.autodidact.autograd.ops;

import dev.autodidact.tensor.kernel.Erf;
import dev.autodidact.tensor.kernel.VecMath;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API version of {@link Pointwise#derivative}: out = g · f'(x) one vector at a time, the
 * tail as one masked vector; exponentials and tanh from {@link VecMath} (same bits in every JIT
 * tier), so results depend neither on JIT warm-up nor on how the work is split across threads. The transcendental rules (GELU, SiLU, sigmoid, tanh) are
 * where a scalar loop costs most: one {@code Math.tanh} per element is ~10× a vector lane.
 */
final class PointwiseSimd {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final FloatVector ONE = FloatVector.broadcast(S, 1f), HALF = FloatVector.broadcast(S, 0.5f);
    private static final float SQRT_2_OVER_PI = 0.7978845608028654f, GELU_C = 0.044715f;
    private static final float INV_SQRT2 = 0.7071067811865476f, INV_SQRT_2PI = 0.3989422804014327f;

    private PointwiseSimd() {}

    static void derivative(Pointwise.Rule rule, float[] x, int xo, float[] y, int yo, float[] g, int go, float[] out, int lo, int hi, float p, float q) {
        int i = lo;
        int bound = lo + S.loopBound(hi - lo);
        for (; i < bound; i += S.length()) {
            FloatVector d = factor(rule, FloatVector.fromArray(S, x, xo + i), FloatVector.fromArray(S, y, yo + i), p, q);
            FloatVector.fromArray(S, g, go + i).mul(d).intoArray(out, i);
        }
        if (i < hi) {
            // The tail as one masked vector, so a value's bits never depend on where a chunk ends.
            VectorMask<Float> m = S.indexInRange(i, hi);
            FloatVector d = factor(rule, FloatVector.fromArray(S, x, xo + i, m), FloatVector.fromArray(S, y, yo + i, m), p, q);
            FloatVector.fromArray(S, g, go + i, m).mul(d).intoArray(out, i, m);
        }
    }

    /** f'(x) from the input lanes x and output lanes y. */
    private static FloatVector factor(Pointwise.Rule rule, FloatVector xv, FloatVector yv, float p, float q) {
        return switch (rule) {
            case EXP -> yv;
            case LOG -> ONE.div(xv);
            case SQRT -> HALF.div(yv);
            case RSQRT -> yv.mul(yv).mul(yv).mul(-0.5f);
            case SQUARE -> xv.mul(2f);
            case ABS -> sign(xv);
            case TANH -> yv.mul(yv).neg().add(1f);
            case SIGMOID -> yv.mul(yv.neg().add(1f));
            case RELU -> FloatVector.zero(S).blend(1f, xv.compare(VectorOperators.GT, 0f));
            case GELU_TANH -> geluTanh(xv);
            case GELU_ERF -> geluErf(xv);
            case SILU -> {
                FloatVector s = sigmoid(xv);
                yield s.mul(xv.mul(s.neg().add(1f)).add(1f));
            }
            case POW -> powLanes(xv, p - 1).mul(p);
            case CLAMP -> {
                VectorMask<Float> inside = xv.compare(VectorOperators.GE, p).and(xv.compare(VectorOperators.LE, q));
                yield FloatVector.zero(S).blend(1f, inside);
            }
        };
    }

    /** x^e lane by lane through {@link Math#pow} (the vector POW differs between JIT tiers). */
    private static FloatVector powLanes(FloatVector v, float e) {
        float[] a = v.toArray();
        for (int i = 0; i < a.length; i++) a[i] = (float) Math.pow(a[i], e);
        return FloatVector.fromArray(S, a, 0);
    }

    private static FloatVector sigmoid(FloatVector v) {
        return ONE.div(VecMath.exp(v.neg()).add(1f));
    }

    private static FloatVector sign(FloatVector v) {
        FloatVector zero = FloatVector.zero(S);
        return zero.blend(1f, v.compare(VectorOperators.GT, 0f)).blend(-1f, v.compare(VectorOperators.LT, 0f));
    }

    /** d/dx 0.5·x·(1 + tanh(u)), u = √(2/π)(x + c·x³): 0.5(1 + t) + 0.5·x·(1 − t²)·√(2/π)(1 + 3c·x²). */
    private static FloatVector geluTanh(FloatVector v) {
        FloatVector x2 = v.mul(v);
        FloatVector t = VecMath.tanh(x2.mul(GELU_C).add(1f).mul(v).mul(SQRT_2_OVER_PI));
        FloatVector du = x2.mul(3 * GELU_C).add(1f).mul(SQRT_2_OVER_PI);
        return t.add(1f).mul(0.5f).add(v.mul(0.5f).mul(t.mul(t).neg().add(1f)).mul(du));
    }

    /** d/dx 0.5·x·(1 + erf(x/√2)) = 0.5(1 + erf(x/√2)) + x·φ(x). */
    private static FloatVector geluErf(FloatVector v) {
        FloatVector z = v.mul(INV_SQRT2), az = z.abs();
        FloatVector t = ONE.div(az.mul((float) Erf.P).add(1f));
        FloatVector poly = t.mul((float) Erf.A5).add((float) Erf.A4).mul(t).add((float) Erf.A3).mul(t)
                .add((float) Erf.A2).mul(t).add((float) Erf.A1).mul(t);
        FloatVector e = poly.mul(VecMath.exp(az.mul(az).neg())).neg().add(1f);
        FloatVector erf = e.blend(e.neg(), z.compare(VectorOperators.LT, 0f));
        FloatVector pdf = VecMath.exp(v.mul(v).mul(-0.5f)).mul(INV_SQRT_2PI);
        return erf.add(1f).mul(0.5f).add(v.mul(pdf));
    }
}
