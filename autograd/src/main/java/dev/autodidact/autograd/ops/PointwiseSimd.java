package dev.autodidact.autograd.ops;

import dev.autodidact.tensor.kernel.Erf;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API version of {@link Pointwise#derivative}: out = g · f'(x) one vector at a time, the
 * tail through the scalar reference. The transcendental rules (GELU, SiLU, sigmoid, tanh) are
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
            FloatVector gv = FloatVector.fromArray(S, g, go + i);
            FloatVector d = switch (rule) {
                case EXP -> FloatVector.fromArray(S, y, yo + i);
                case LOG -> ONE.div(FloatVector.fromArray(S, x, xo + i));
                case SQRT -> HALF.div(FloatVector.fromArray(S, y, yo + i));
                case RSQRT -> { FloatVector v = FloatVector.fromArray(S, y, yo + i); yield v.mul(v).mul(v).mul(-0.5f); }
                case SQUARE -> FloatVector.fromArray(S, x, xo + i).mul(2f);
                case ABS -> sign(FloatVector.fromArray(S, x, xo + i));
                case TANH -> { FloatVector v = FloatVector.fromArray(S, y, yo + i); yield v.mul(v).neg().add(1f); }
                case SIGMOID -> { FloatVector v = FloatVector.fromArray(S, y, yo + i); yield v.mul(v.neg().add(1f)); }
                case RELU -> { FloatVector v = FloatVector.fromArray(S, x, xo + i); yield FloatVector.zero(S).blend(1f, v.compare(VectorOperators.GT, 0f)); }
                case GELU_TANH -> geluTanh(FloatVector.fromArray(S, x, xo + i));
                case GELU_ERF -> geluErf(FloatVector.fromArray(S, x, xo + i));
                case SILU -> {
                    FloatVector v = FloatVector.fromArray(S, x, xo + i), s = sigmoid(v);
                    yield s.mul(v.mul(s.neg().add(1f)).add(1f));
                }
                case POW -> FloatVector.fromArray(S, x, xo + i).pow(p - 1).mul(p);
                case CLAMP -> {
                    FloatVector v = FloatVector.fromArray(S, x, xo + i);
                    VectorMask<Float> inside = v.compare(VectorOperators.GE, p).and(v.compare(VectorOperators.LE, q));
                    yield FloatVector.zero(S).blend(1f, inside);
                }
            };
            gv.mul(d).intoArray(out, i);
        }
        if (i < hi) Pointwise.derivative(rule, x, xo, y, yo, g, go, out, i, hi, p, q);
    }

    private static FloatVector sigmoid(FloatVector v) {
        return ONE.div(v.neg().lanewise(VectorOperators.EXP).add(1f));
    }

    private static FloatVector sign(FloatVector v) {
        FloatVector zero = FloatVector.zero(S);
        return zero.blend(1f, v.compare(VectorOperators.GT, 0f)).blend(-1f, v.compare(VectorOperators.LT, 0f));
    }

    /** d/dx 0.5·x·(1 + tanh(u)), u = √(2/π)(x + c·x³): 0.5(1 + t) + 0.5·x·(1 − t²)·√(2/π)(1 + 3c·x²). */
    private static FloatVector geluTanh(FloatVector v) {
        FloatVector x2 = v.mul(v);
        FloatVector t = x2.mul(GELU_C).add(1f).mul(v).mul(SQRT_2_OVER_PI).lanewise(VectorOperators.TANH);
        FloatVector du = x2.mul(3 * GELU_C).add(1f).mul(SQRT_2_OVER_PI);
        return t.add(1f).mul(0.5f).add(v.mul(0.5f).mul(t.mul(t).neg().add(1f)).mul(du));
    }

    /** d/dx 0.5·x·(1 + erf(x/√2)) = 0.5(1 + erf(x/√2)) + x·φ(x). */
    private static FloatVector geluErf(FloatVector v) {
        FloatVector z = v.mul(INV_SQRT2), az = z.abs();
        FloatVector t = ONE.div(az.mul((float) Erf.P).add(1f));
        FloatVector poly = t.mul((float) Erf.A5).add((float) Erf.A4).mul(t).add((float) Erf.A3).mul(t)
                .add((float) Erf.A2).mul(t).add((float) Erf.A1).mul(t);
        FloatVector e = poly.mul(az.mul(az).neg().lanewise(VectorOperators.EXP)).neg().add(1f);
        FloatVector erf = e.blend(e.neg(), z.compare(VectorOperators.LT, 0f));
        FloatVector pdf = v.mul(v).mul(-0.5f).lanewise(VectorOperators.EXP).mul(INV_SQRT_2PI);
        return erf.add(1f).mul(0.5f).add(v.mul(pdf));
    }
}
