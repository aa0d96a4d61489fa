package dev.autodidact.autograd.ops;

import dev.autodidact.tensor.kernel.Erf;
import dev.autodidact.tensor.kernel.Scratch;
import dev.autodidact.tensor.kernel.VecMath;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API version of {@link Pointwise#derivative}: out = g · f'(x). Exponentials and tanh
 * come from {@link VecMath}'s row functions (same bits in every JIT tier, vector body and scalar
 * tail alike), so results depend neither on JIT warm-up nor on how the work is split across
 * threads. The transcendental rules (GELU, SiLU) are where a scalar loop costs most: one
 * {@code Math.tanh} per element is ~10× a vector lane.
 */
final class PointwiseSimd {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final FloatVector ONE = FloatVector.broadcast(S, 1f), HALF = FloatVector.broadcast(S, 0.5f);
    private static final float SQRT_2_OVER_PI = 0.7978845608028654f, GELU_C = 0.044715f;
    private static final float INV_SQRT2 = 0.7071067811865476f, INV_SQRT_2PI = 0.3989422804014327f;

    private PointwiseSimd() {}

    static void derivative(Pointwise.Rule rule, float[] x, int xo, float[] y, int yo, float[] g, int go, float[] out, int lo, int hi, float p, float q) {
        // The transcendental rules run as block passes around VecMath's row functions, so no
        // vector crosses a call C2 might not inline (see VecMath); the rest share one loop.
        switch (rule) {
            case GELU_TANH -> geluTanh(x, xo, g, go, out, lo, hi);
            case GELU_ERF -> geluErf(x, xo, g, go, out, lo, hi);
            case SILU -> silu(x, xo, g, go, out, lo, hi);
            default -> {
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
        }
    }

    // The transcendental rules run as passes over blocks: argument rows, VecMath's row exp or
    // tanh on them, then one combining pass (vector body, scalar tail with the same float ops).

    /** d/dx 0.5·x·(1 + tanh(u)), u = √(2/π)(x + c·x³): 0.5(1 + t) + 0.5·x·(1 − t²)·√(2/π)(1 + 3c·x²). */
    private static void geluTanh(float[] x, int xo, float[] g, int go, float[] out, int lo, int hi) {
        float[] t = Scratch.block(Scratch.FIRST);
        for (int b = lo; b < hi; b += Scratch.BLOCK) {
            int len = Math.min(Scratch.BLOCK, hi - b), xb = xo + b, gb = go + b;
            int i = 0, bound = S.loopBound(len);
            for (; i < bound; i += S.length()) {
                FloatVector v = FloatVector.fromArray(S, x, xb + i);
                v.mul(v).mul(GELU_C).add(1f).mul(v).mul(SQRT_2_OVER_PI).intoArray(t, i);
            }
            for (; i < len; i++) {
                float v = x[xb + i];
                t[i] = (v * v * GELU_C + 1f) * v * SQRT_2_OVER_PI;
            }
            VecMath.tanh(t, 0, t, 0, len);
            for (i = 0; i < bound; i += S.length()) {
                FloatVector v = FloatVector.fromArray(S, x, xb + i), tv = FloatVector.fromArray(S, t, i);
                FloatVector du = v.mul(v).mul(3 * GELU_C).add(1f).mul(SQRT_2_OVER_PI);
                FloatVector d = tv.add(1f).mul(0.5f).add(v.mul(0.5f).mul(tv.mul(tv).neg().add(1f)).mul(du));
                FloatVector.fromArray(S, g, gb + i).mul(d).intoArray(out, b + i);
            }
            for (; i < len; i++) {
                float v = x[xb + i], tv = t[i];
                float du = (v * v * (3 * GELU_C) + 1f) * SQRT_2_OVER_PI;
                float d = (tv + 1f) * 0.5f + v * 0.5f * (-(tv * tv) + 1f) * du;
                out[b + i] = g[gb + i] * d;
            }
        }
    }

    /** d/dx 0.5·x·(1 + erf(x/√2)) = 0.5(1 + erf(x/√2)) + x·φ(x). */
    private static void geluErf(float[] x, int xo, float[] g, int go, float[] out, int lo, int hi) {
        float[] e1 = Scratch.block(Scratch.FIRST), e2 = Scratch.block(Scratch.SECOND);
        for (int b = lo; b < hi; b += Scratch.BLOCK) {
            int len = Math.min(Scratch.BLOCK, hi - b), xb = xo + b, gb = go + b;
            int i = 0, bound = S.loopBound(len);
            for (; i < bound; i += S.length()) {
                FloatVector v = FloatVector.fromArray(S, x, xb + i), az = v.mul(INV_SQRT2).abs();
                az.mul(az).neg().intoArray(e1, i);
                v.mul(v).mul(-0.5f).intoArray(e2, i);
            }
            for (; i < len; i++) {
                float v = x[xb + i], az = Math.abs(v * INV_SQRT2);
                e1[i] = -(az * az);
                e2[i] = v * v * -0.5f;
            }
            VecMath.exp(e1, 0, e1, 0, len);
            VecMath.exp(e2, 0, e2, 0, len);
            for (i = 0; i < bound; i += S.length()) {
                FloatVector v = FloatVector.fromArray(S, x, xb + i);
                FloatVector z = v.mul(INV_SQRT2), az = z.abs();
                FloatVector r = ONE.div(az.mul((float) Erf.P).add(1f));
                FloatVector poly = r.mul((float) Erf.A5).add((float) Erf.A4).mul(r).add((float) Erf.A3).mul(r)
                        .add((float) Erf.A2).mul(r).add((float) Erf.A1).mul(r);
                FloatVector e = poly.mul(FloatVector.fromArray(S, e1, i)).neg().add(1f);
                FloatVector erf = e.blend(e.neg(), z.compare(VectorOperators.LT, 0f));
                FloatVector pdf = FloatVector.fromArray(S, e2, i).mul(INV_SQRT_2PI);
                FloatVector.fromArray(S, g, gb + i).mul(erf.add(1f).mul(0.5f).add(v.mul(pdf))).intoArray(out, b + i);
            }
            for (; i < len; i++) {
                float v = x[xb + i], z = v * INV_SQRT2, az = Math.abs(z);
                float r = 1f / (az * (float) Erf.P + 1f);
                float poly = ((((r * (float) Erf.A5 + (float) Erf.A4) * r + (float) Erf.A3) * r + (float) Erf.A2) * r + (float) Erf.A1) * r;
                float e = -(poly * e1[i]) + 1f;
                float erf = z < 0f ? -e : e;
                out[b + i] = g[gb + i] * ((erf + 1f) * 0.5f + v * (e2[i] * INV_SQRT_2PI));
            }
        }
    }

    /** d/dx x·s(x) = s·(1 + x(1 − s)), s = sigmoid(x) = 1/(e^{−x} + 1). */
    private static void silu(float[] x, int xo, float[] g, int go, float[] out, int lo, int hi) {
        float[] t = Scratch.block(Scratch.FIRST);
        for (int b = lo; b < hi; b += Scratch.BLOCK) {
            int len = Math.min(Scratch.BLOCK, hi - b), xb = xo + b, gb = go + b;
            int i = 0, bound = S.loopBound(len);
            VecMath.exp(x, xb, 0f, -1f, t, 0, len);   // e^{−x}: (x − 0)·(−1) is −x exactly
            for (; i < bound; i += S.length()) {
                FloatVector v = FloatVector.fromArray(S, x, xb + i);
                FloatVector sg = ONE.div(FloatVector.fromArray(S, t, i).add(1f));
                FloatVector.fromArray(S, g, gb + i).mul(sg.mul(v.mul(sg.neg().add(1f)).add(1f))).intoArray(out, b + i);
            }
            for (; i < len; i++) {
                float v = x[xb + i], sg = 1f / (t[i] + 1f);
                out[b + i] = g[gb + i] * (sg * (v * (-sg + 1f) + 1f));
            }
        }
    }

    /** f'(x) from the input lanes x and output lanes y, for the rules without a loop of their own. */
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
            case POW -> powLanes(xv, p - 1).mul(p);
            case CLAMP -> {
                VectorMask<Float> inside = xv.compare(VectorOperators.GE, p).and(xv.compare(VectorOperators.LE, q));
                yield FloatVector.zero(S).blend(1f, inside);
            }
            case GELU_TANH, GELU_ERF, SILU -> throw new IllegalArgumentException(rule + " runs as passes of its own");
        };
    }

    /** x^e lane by lane through {@link Math#pow} (the vector POW differs between JIT tiers). */
    private static FloatVector powLanes(FloatVector v, float e) {
        float[] a = v.toArray();
        for (int i = 0; i < a.length; i++) a[i] = (float) Math.pow(a[i], e);
        return FloatVector.fromArray(S, a, 0);
    }

    private static FloatVector sign(FloatVector v) {
        FloatVector zero = FloatVector.zero(S);
        return zero.blend(1f, v.compare(VectorOperators.GT, 0f)).blend(-1f, v.compare(VectorOperators.LT, 0f));
    }

}
