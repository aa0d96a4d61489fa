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

    /**
     * out = op(x) over one unit-stride row. The transcendental ops run as passes over blocks
     * (argument row → {@link VecMath} row function → combining pass), so no vector ever crosses
     * a method call C2 might not inline (see {@link VecMath}); the rest is one loop of cheap
     * lane arithmetic.
     */
    static void unary(UnaryOp op, float p, float q, float[] x, int xo, float[] out, int oo, int n) {
        switch (op) {
            case EXP -> VecMath.exp(x, xo, out, oo, n);
            case LOG -> VecMath.log(x, xo, out, oo, n);
            case TANH -> VecMath.tanh(x, xo, out, oo, n);
            case SIGMOID -> sigmoid(false, x, xo, out, oo, n);
            case SILU -> sigmoid(true, x, xo, out, oo, n);
            case GELU_TANH -> geluTanh(x, xo, out, oo, n);
            case GELU_ERF -> geluErf(x, xo, out, oo, n);
            default -> {
                int i = 0;
                int bound = S.loopBound(n);
                for (; i < bound; i += S.length()) apply(op, FloatVector.fromArray(S, x, xo + i), p, q).intoArray(out, oo + i);
                if (i < n) {
                    // The tail as one masked vector: the same lane arithmetic as the body, so a value's
                    // bits never depend on where a row (or a thread's chunk of it) ends.
                    VectorMask<Float> m = S.indexInRange(i, n);
                    apply(op, FloatVector.fromArray(S, x, xo + i, m), p, q).intoArray(out, oo + i, m);
                }
            }
        }
    }

    /** sigmoid(x) = 1/(e^{−x} + 1), or x·sigmoid(x) for SiLU; in place allowed. */
    private static void sigmoid(boolean silu, float[] x, int xo, float[] out, int oo, int n) {
        float[] t = Scratch.block(Scratch.FIRST);
        for (int b = 0; b < n; b += Scratch.BLOCK) {
            int len = Math.min(Scratch.BLOCK, n - b), xb = xo + b, ob = oo + b;
            int i = 0, bound = S.loopBound(len);
            VecMath.exp(x, xb, 0f, -1f, t, 0, len);   // e^{−x}: (x − 0)·(−1) is −x exactly
            for (; i < bound; i += S.length()) {
                FloatVector sg = ONE.div(FloatVector.fromArray(S, t, i).add(1f));
                (silu ? FloatVector.fromArray(S, x, xb + i).mul(sg) : sg).intoArray(out, ob + i);
            }
            for (; i < len; i++) {
                float sg = 1f / (t[i] + 1f);
                out[ob + i] = silu ? x[xb + i] * sg : sg;
            }
        }
    }

    /** 0.5·x·(1 + tanh(√(2/π)(x + c·x³))); in place allowed. */
    private static void geluTanh(float[] x, int xo, float[] out, int oo, int n) {
        float[] t = Scratch.block(Scratch.FIRST);
        for (int b = 0; b < n; b += Scratch.BLOCK) {
            int len = Math.min(Scratch.BLOCK, n - b), xb = xo + b, ob = oo + b;
            int i = 0, bound = S.loopBound(len);
            for (; i < bound; i += S.length()) {
                FloatVector v = FloatVector.fromArray(S, x, xb + i);
                v.mul(v).mul(v).mul(UnaryOp.GELU_C).add(v).mul(UnaryOp.SQRT_2_OVER_PI).intoArray(t, i);
            }
            for (; i < len; i++) {
                float v = x[xb + i];
                t[i] = (v * v * v * UnaryOp.GELU_C + v) * UnaryOp.SQRT_2_OVER_PI;
            }
            VecMath.tanh(t, 0, t, 0, len);
            for (i = 0; i < bound; i += S.length()) {
                FloatVector.fromArray(S, t, i).add(1f).mul(FloatVector.fromArray(S, x, xb + i)).mul(0.5f).intoArray(out, ob + i);
            }
            for (; i < len; i++) out[ob + i] = (t[i] + 1f) * x[xb + i] * 0.5f;
        }
    }

    /** 0.5·x·(1 + erf(x/√2)), erf as in {@link Erf#erf} in float lanes; in place allowed. */
    private static void geluErf(float[] x, int xo, float[] out, int oo, int n) {
        float[] t = Scratch.block(Scratch.FIRST);
        for (int b = 0; b < n; b += Scratch.BLOCK) {
            int len = Math.min(Scratch.BLOCK, n - b), xb = xo + b, ob = oo + b;
            int i = 0, bound = S.loopBound(len);
            for (; i < bound; i += S.length()) {
                FloatVector az = FloatVector.fromArray(S, x, xb + i).mul(UnaryOp.INV_SQRT2).abs();
                az.mul(az).neg().intoArray(t, i);
            }
            for (; i < len; i++) {
                float az = Math.abs(x[xb + i] * UnaryOp.INV_SQRT2);
                t[i] = -(az * az);
            }
            VecMath.exp(t, 0, t, 0, len);
            for (i = 0; i < bound; i += S.length()) {
                FloatVector v = FloatVector.fromArray(S, x, xb + i);
                FloatVector z = v.mul(UnaryOp.INV_SQRT2), az = z.abs();
                FloatVector r = ONE.div(az.mul((float) Erf.P).add(1f));
                FloatVector poly = r.mul((float) Erf.A5).add((float) Erf.A4).mul(r).add((float) Erf.A3).mul(r)
                        .add((float) Erf.A2).mul(r).add((float) Erf.A1).mul(r);
                FloatVector y = poly.mul(FloatVector.fromArray(S, t, i)).neg().add(1f);
                y = y.blend(y.neg(), z.compare(VectorOperators.LT, 0f));
                y.add(1f).mul(v).mul(0.5f).intoArray(out, ob + i);
            }
            for (; i < len; i++) {
                float v = x[xb + i], z = v * UnaryOp.INV_SQRT2, az = Math.abs(z);
                float r = 1f / (az * (float) Erf.P + 1f);
                float poly = ((((r * (float) Erf.A5 + (float) Erf.A4) * r + (float) Erf.A3) * r + (float) Erf.A2) * r + (float) Erf.A1) * r;
                float y = -(poly * t[i]) + 1f;
                if (z < 0f) y = -y;
                out[ob + i] = (y + 1f) * v * 0.5f;
            }
        }
    }

    /** The ops without passes of their own (cheap lane arithmetic, one shared loop). */
    static FloatVector apply(UnaryOp op, FloatVector v, float p, float q) {
        return switch (op) {
            case NEG -> v.neg();
            case ABS -> v.abs();
            case SQRT -> v.sqrt();
            case RSQRT -> ONE.div(v.sqrt());
            case SQUARE -> v.mul(v);
            case RELU -> v.max(0f);
            case POW -> p == 2f ? v.mul(v) : p == 1f ? v : p == 0.5f ? v.sqrt() : powLanes(v, p);
            case CLAMP -> v.max(p).min(q);
            case EXP, LOG, TANH, SIGMOID, SILU, GELU_TANH, GELU_ERF -> throw new IllegalArgumentException(op + " runs as passes of its own");
        };
    }

    /** x^p lane by lane through {@link Math#pow} (rare; the vector POW differs between JIT tiers). */
    private static FloatVector powLanes(FloatVector v, float p) {
        float[] a = v.toArray();
        for (int i = 0; i < a.length; i++) a[i] = (float) Math.pow(a[i], p);
        return FloatVector.fromArray(S, a, 0);
    }

    static void binary(BinaryOp op, float[] a, int ao, int sa, float[] b, int bo, int sb, float[] out, int oo, int n) {
        int i = 0;
        int bound = S.loopBound(n);
        FloatVector ca = sa == 0 ? FloatVector.broadcast(S, a[ao]) : null;
        FloatVector cb = sb == 0 ? FloatVector.broadcast(S, b[bo]) : null;
        // The four arithmetic ops (residual adds, scaling: the hot ones) get loops of their own, so
        // no vector crosses a call into the shared switch, which C2 may leave out of line (VecMath).
        switch (op) {
            case ADD -> {
                for (; i < bound; i += S.length()) (ca != null ? ca : FloatVector.fromArray(S, a, ao + i)).add((cb != null ? cb : FloatVector.fromArray(S, b, bo + i))).intoArray(out, oo + i);
            }
            case SUB -> {
                for (; i < bound; i += S.length()) (ca != null ? ca : FloatVector.fromArray(S, a, ao + i)).sub((cb != null ? cb : FloatVector.fromArray(S, b, bo + i))).intoArray(out, oo + i);
            }
            case MUL -> {
                for (; i < bound; i += S.length()) (ca != null ? ca : FloatVector.fromArray(S, a, ao + i)).mul((cb != null ? cb : FloatVector.fromArray(S, b, bo + i))).intoArray(out, oo + i);
            }
            case DIV -> {
                for (; i < bound; i += S.length()) (ca != null ? ca : FloatVector.fromArray(S, a, ao + i)).div((cb != null ? cb : FloatVector.fromArray(S, b, bo + i))).intoArray(out, oo + i);
            }
            default -> {
                for (; i < bound; i += S.length()) apply(op, (ca != null ? ca : FloatVector.fromArray(S, a, ao + i)), (cb != null ? cb : FloatVector.fromArray(S, b, bo + i))).intoArray(out, oo + i);
            }
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
