package dev.autodidact.tensor.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * exp, log and tanh for float lanes built only from IEEE-exact operations (add, multiply, fused
 * multiply-add, divide, integer bit moves), each with a scalar twin that performs the same
 * operations in the same order.
 *
 * <p>Why not {@code lanewise(VectorOperators.EXP)}: the JDK computes those lanes with an
 * intrinsic library once C2 has compiled the loop and with {@code StrictMath} before, and the two
 * differ in the last bit for about 1 % of inputs — so the same run gave different bits depending
 * on how warm the JIT was (a resumed run is cold). The functions here give the same bits in every
 * JIT tier, on every lane, and in the scalar twin, which SIMD loops use for their tails so that
 * where a thread's chunk ends never changes a result.
 *
 * <p>The vector forms work on whole rows ({@code float[]} in, {@code float[]} out) and never take
 * or return a {@code FloatVector}. That is deliberate: a vector that crosses a method boundary
 * C2 did not inline is boxed on the heap, and in a large compilation unit C2 stops inlining our
 * (non-{@code @ForceInline}) helpers — measured, a GELU written as {@code tanh(FloatVector)}
 * went from 0.4 MB to 126 MB of garbage per preset-S training step once the callers above it
 * were compiled, and slowed the whole step by ~20 %. Rows in and out keep every vector inside
 * one method, whatever C2 decides to inline.
 *
 * <p>Accuracy: exp within 2 ulp on [−87.3, 88] (0 below, +∞ above — the top 0.7 of float's range
 * is given up to keep 2^k normal); log within 3 ulp for every positive float; tanh within 4 ulp.
 */
public final class VecMath {
    private VecMath() {}

    /** Lanes are of the preferred species, the one every kernel uses; a constant species lets C2 keep vectors in registers. */
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> IS = IntVector.SPECIES_PREFERRED;

    private static final float LOG2E = 1.44269504088896341f;
    private static final float MAGIC = 12582912f;  // 1.5·2^23: adding it rounds to an integer
    private static final float LN2_HI = 0.693359375f, LN2_LO = -2.12194440e-4f;
    private static final float EXP_MIN = -87.33654f, EXP_MAX = 88f;
    private static final float E2 = 1f / 2, E3 = 1f / 6, E4 = 1f / 24, E5 = 1f / 120, E6 = 1f / 720, E7 = 1f / 5040;

    /** y[yo + i] = e^(x[xo + i]) for i < n; x and y may be the same row. */
    public static void exp(float[] x, int xo, float[] y, int yo, int n) {
        exp(x, xo, 0f, 1f, y, yo, n);
    }

    /**
     * y[yo + i] = e^((x[xo + i] − shift) · scale) for i < n (softmax rows: shift = the row's
     * maximum; sampling: scale = 1/T); x and y may be the same row. Shift 0 and scale 1 leave
     * the argument's bits unchanged.
     */
    public static void exp(float[] x, int xo, float shift, float scale, float[] y, int yo, int n) {
        // One loop, each vector masked to i < n: the last, partial vector runs the same lanes as
        // the others (softmax rows of 1..ctx positions mostly end in one; a scalar tail of up
        // to L − 1 exps was most of a short row's cost).
        for (int i = 0; i < n; i += S.length()) {
            VectorMask<Float> in = S.indexInRange(i, n);
            FloatVector v = FloatVector.fromArray(S, x, xo + i, in).sub(shift).mul(scale);
            FloatVector xc = v.max(EXP_MIN).min(EXP_MAX);
            FloatVector k = xc.mul(LOG2E).add(MAGIC).sub(MAGIC);
            FloatVector r = k.neg().fma(FloatVector.broadcast(S, LN2_HI), xc);
            r = k.neg().fma(FloatVector.broadcast(S, LN2_LO), r);
            FloatVector p = r.mul(E7).add(E6);
            p = p.fma(r, FloatVector.broadcast(S, E5));
            p = p.fma(r, FloatVector.broadcast(S, E4));
            p = p.fma(r, FloatVector.broadcast(S, E3));
            p = p.fma(r, FloatVector.broadcast(S, E2));
            p = p.fma(r, FloatVector.broadcast(S, 1f));
            p = p.fma(r, FloatVector.broadcast(S, 1f));
            IntVector ki = (IntVector) k.convertShape(VectorOperators.F2I, IS, 0);
            FloatVector scaleBits = ki.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            FloatVector e = p.mul(scaleBits);
            e = e.blend(0f, v.compare(VectorOperators.LT, EXP_MIN));
            e.blend(Float.POSITIVE_INFINITY, v.compare(VectorOperators.GT, EXP_MAX)).intoArray(y, yo + i, in);
        }
    }

    /** Scalar twin of the row form: the same operations, the same bits (row tails use it). */
    public static float exp(float x) {
        if (x != x) return x;
        if (x < EXP_MIN) return 0f;
        if (x > EXP_MAX) return Float.POSITIVE_INFINITY;
        float k = (x * LOG2E + MAGIC) - MAGIC;
        float r = Math.fma(-k, LN2_HI, x);
        r = Math.fma(-k, LN2_LO, r);
        float p = r * E7 + E6;
        p = Math.fma(p, r, E5);
        p = Math.fma(p, r, E4);
        p = Math.fma(p, r, E3);
        p = Math.fma(p, r, E2);
        p = Math.fma(p, r, 1f);
        p = Math.fma(p, r, 1f);
        return p * Float.intBitsToFloat(((int) k + 127) << 23);
    }

    private static final float SQRT2 = 1.41421356f, TWO23 = 8388608f;
    private static final float L3 = 1f / 3, L5 = 1f / 5, L7 = 1f / 7, L9 = 1f / 9;

    /** y[yo + i] = ln x[xo + i] for i < n: −∞ at 0, NaN below 0 and for NaN, +∞ at +∞; in place allowed. */
    public static void log(float[] x, int xo, float[] y, int yo, int n) {
        int i = 0, bound = S.loopBound(n);
        for (; i < bound; i += S.length()) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            VectorMask<Float> tiny = v.compare(VectorOperators.LT, Float.MIN_NORMAL);
            FloatVector xs = v.blend(v.mul(TWO23), tiny);
            FloatVector eAdj = FloatVector.zero(S).blend(-23f, tiny);
            IntVector bits = xs.reinterpretAsInts();
            FloatVector e = ((FloatVector) bits.lanewise(VectorOperators.LSHR, 23).and(0xff).sub(127).convertShape(VectorOperators.I2F, S, 0)).add(eAdj);
            FloatVector m = bits.and(0x7fffff).or(0x3f800000).reinterpretAsFloats();
            VectorMask<Float> big = m.compare(VectorOperators.GT, SQRT2);
            m = m.blend(m.mul(0.5f), big);
            e = e.blend(e.add(1f), big);
            FloatVector f = m.sub(1f);
            FloatVector q = f.div(f.add(2f));
            FloatVector z = q.mul(q);
            FloatVector poly = z.mul(L9).add(L7);
            poly = poly.fma(z, FloatVector.broadcast(S, L5));
            poly = poly.fma(z, FloatVector.broadcast(S, L3));
            poly = poly.fma(z, FloatVector.broadcast(S, 1f));
            FloatVector lm = q.add(q).mul(poly);
            FloatVector r = e.fma(FloatVector.broadcast(S, LN2_HI), e.fma(FloatVector.broadcast(S, LN2_LO), lm));
            r = r.blend(Float.NEGATIVE_INFINITY, v.compare(VectorOperators.EQ, 0f));
            r = r.blend(Float.POSITIVE_INFINITY, v.compare(VectorOperators.EQ, Float.POSITIVE_INFINITY));
            r.blend(Float.NaN, v.compare(VectorOperators.LT, 0f).or(v.compare(VectorOperators.NE, v))).intoArray(y, yo + i);
        }
        for (; i < n; i++) y[yo + i] = log(x[xo + i]);
    }

    /** Scalar twin of the row form. */
    public static float log(float x) {
        if (x != x || x < 0f) return Float.NaN;
        if (x == 0f) return Float.NEGATIVE_INFINITY;
        if (x == Float.POSITIVE_INFINITY) return x;
        float eAdj = 0f;
        if (x < Float.MIN_NORMAL) {
            x *= TWO23;
            eAdj = -23f;
        }
        int bits = Float.floatToRawIntBits(x);
        float e = (float) (((bits >>> 23) & 0xff) - 127) + eAdj;
        float m = Float.intBitsToFloat((bits & 0x7fffff) | 0x3f800000);
        if (m > SQRT2) {
            m *= 0.5f;
            e += 1f;
        }
        float f = m - 1f;
        float s = f / (f + 2f);
        float z = s * s;
        float poly = z * L9 + L7;
        poly = Math.fma(poly, z, L5);
        poly = Math.fma(poly, z, L3);
        poly = Math.fma(poly, z, 1f);
        float lm = (s + s) * poly;
        return Math.fma(e, LN2_HI, Math.fma(e, LN2_LO, lm));
    }

    private static final float T1 = -1f / 3, T2 = 2f / 15, T3 = -17f / 315, T4 = 62f / 2835, T5 = -1382f / 155925;
    private static final float TANH_SERIES = 0.3f;

    /**
     * y[yo + i] = tanh x[xo + i] for i < n: the Taylor series below |x| = 0.3, 1 − 2/(e^{2|x|} + 1)
     * with x's sign above; in place allowed. Works in blocks of {@link Scratch#BLOCK}: e^{2|x|}
     * goes through the row exp into a scratch block, then one pass combines.
     */
    public static void tanh(float[] x, int xo, float[] y, int yo, int n) {
        float[] t = Scratch.block(Scratch.VECMATH);
        for (int b = 0; b < n; b += Scratch.BLOCK) {
            int len = Math.min(Scratch.BLOCK, n - b), xb = xo + b, yb = yo + b;
            int i = 0, bound = S.loopBound(len);
            for (; i < bound; i += S.length()) {
                FloatVector a = FloatVector.fromArray(S, x, xb + i).abs();
                a.add(a).intoArray(t, i);
            }
            for (; i < len; i++) {
                float a = Math.abs(x[xb + i]);
                t[i] = a + a;
            }
            exp(t, 0, t, 0, len);
            for (i = 0; i < bound; i += S.length()) {
                FloatVector v = FloatVector.fromArray(S, x, xb + i);
                FloatVector z = v.mul(v);
                FloatVector poly = z.mul(T5).add(T4);
                poly = poly.fma(z, FloatVector.broadcast(S, T3));
                poly = poly.fma(z, FloatVector.broadcast(S, T2));
                poly = poly.fma(z, FloatVector.broadcast(S, T1));
                FloatVector small = v.mul(z).fma(poly, v);
                FloatVector large = FloatVector.broadcast(S, 2f).div(FloatVector.fromArray(S, t, i).add(1f)).neg().add(1f);
                large = large.blend(large.neg(), v.compare(VectorOperators.LT, 0f));
                large.blend(small, v.abs().compare(VectorOperators.LT, TANH_SERIES)).intoArray(y, yb + i);
            }
            for (; i < len; i++) y[yb + i] = tanh(x[xb + i]);
        }
    }

    /**
     * Σ_i e^(x[xo + i] − shift) for i < n without writing the exponentials anywhere the caller
     * sees (they go through a scratch block); summed as {@link #sum} sums: whole vectors lane by
     * lane, the lanes by the butterfly, then the tail.
     */
    public static float expSum(float[] x, int xo, float shift, int n) {
        float[] t = Scratch.block(Scratch.VECMATH);
        FloatVector acc = FloatVector.zero(S);
        int len = 0, bound = 0;
        for (int b = 0; b < n; b += Scratch.BLOCK) {
            len = Math.min(Scratch.BLOCK, n - b);
            bound = S.loopBound(len);
            exp(x, xo + b, shift, 1f, t, 0, len);
            for (int i = 0; i < bound; i += S.length()) acc = acc.add(FloatVector.fromArray(S, t, i));
        }
        for (VectorShuffle<Float> h : BUTTERFLY) acc = acc.add(acc.rearrange(h));  // sumLanes, inline
        float s = acc.lane(0);
        for (int i = bound; i < len; i++) s += t[i];  // the tail: only the last block has one (BLOCK is whole vectors)
        return s;
    }

    /** Σ a[o + i] for i < n: whole vectors lane by lane, the lanes as {@link #sumLanes} adds them, then the tail in order. */
    public static float sum(float[] a, int o, int n) {
        int i = 0, bound = S.loopBound(n);
        FloatVector acc = FloatVector.zero(S);
        for (; i < bound; i += S.length()) acc = acc.add(FloatVector.fromArray(S, a, o + i));
        for (VectorShuffle<Float> b : BUTTERFLY) acc = acc.add(acc.rearrange(b));  // sumLanes, inline: no vector crosses a call
        float s = acc.lane(0);
        for (; i < n; i++) s += a[o + i];
        return s;
    }

    /** Scalar twin of the row form. */
    public static float tanh(float x) {
        float a = Math.abs(x);
        if (a < TANH_SERIES) {
            float z = x * x;
            float poly = z * T5 + T4;
            poly = Math.fma(poly, z, T3);
            poly = Math.fma(poly, z, T2);
            poly = Math.fma(poly, z, T1);
            return Math.fma(x * z, poly, x);
        }
        float large = -(2f / (exp(a + a) + 1f)) + 1f;
        return x < 0f ? -large : large;
    }

    /** Butterfly shuffles for {@link #sumLanes}: lane i meets lane i XOR h, h = L/2, ..., 1. */
    @SuppressWarnings("unchecked")
    private static final VectorShuffle<Float>[] BUTTERFLY = butterfly();

    @SuppressWarnings("unchecked")
    private static VectorShuffle<Float>[] butterfly() {
        int steps = Integer.numberOfTrailingZeros(S.length());
        VectorShuffle<Float>[] b = new VectorShuffle[steps];
        for (int k = 0; k < steps; k++) {
            int h = S.length() >> (k + 1);
            b[k] = VectorShuffle.fromOp(S, i -> i ^ h);
        }
        return b;
    }

    /**
     * Σ of the lanes by a fixed butterfly (add each lane to its partner L/2 away, then L/4, ...):
     * only exact moves and IEEE adds in a fixed order, so the same bits in every JIT tier —
     * unlike {@code reduceLanes(ADD)}, whose order C2 and the interpreter choose differently.
     * Every lane ends with the total (a + b = b + a exactly); lane 0 is returned.
     */
    public static float sumLanes(FloatVector v) {
        for (VectorShuffle<Float> s : BUTTERFLY) v = v.add(v.rearrange(s));
        return v.lane(0);
    }
}
