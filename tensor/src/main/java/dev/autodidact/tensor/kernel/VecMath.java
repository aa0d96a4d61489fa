package dev.autodidact.tensor.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
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
 * <p>Accuracy: exp within 2 ulp on [−87.3, 88] (0 below, +∞ above — the top 0.7 of float's range
 * is given up to keep 2^k normal); log within 3 ulp for every positive float; tanh within 4 ulp.
 */
public final class VecMath {
    private VecMath() {}

    /** Lanes are of the preferred species, the one every kernel uses; a constant species lets C2 keep vectors in registers. */
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> IS = IntVector.SPECIES_PREFERRED;

    private static FloatVector bc(FloatVector like, float v) {
        return FloatVector.broadcast(S, v);
    }

    private static final float LOG2E = 1.44269504088896341f;
    private static final float MAGIC = 12582912f;  // 1.5·2^23: adding it rounds to an integer
    private static final float LN2_HI = 0.693359375f, LN2_LO = -2.12194440e-4f;
    private static final float EXP_MIN = -87.33654f, EXP_MAX = 88f;
    private static final float E2 = 1f / 2, E3 = 1f / 6, E4 = 1f / 24, E5 = 1f / 120, E6 = 1f / 720, E7 = 1f / 5040;

    /** e^x for every lane. */
    public static FloatVector exp(FloatVector x) {
        FloatVector xc = x.max(EXP_MIN).min(EXP_MAX);
        FloatVector k = xc.mul(LOG2E).add(MAGIC).sub(MAGIC);
        FloatVector r = k.neg().fma(bc(x, LN2_HI), xc);
        r = k.neg().fma(bc(x, LN2_LO), r);
        FloatVector p = r.mul(E7).add(E6);
        p = p.fma(r, bc(x, E5));
        p = p.fma(r, bc(x, E4));
        p = p.fma(r, bc(x, E3));
        p = p.fma(r, bc(x, E2));
        p = p.fma(r, bc(x, 1f));
        p = p.fma(r, bc(x, 1f));
        IntVector ki = (IntVector) k.convertShape(VectorOperators.F2I, IS, 0);
        FloatVector scale = ki.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector y = p.mul(scale);
        y = y.blend(0f, x.compare(VectorOperators.LT, EXP_MIN));
        return y.blend(Float.POSITIVE_INFINITY, x.compare(VectorOperators.GT, EXP_MAX));
    }

    /** Scalar twin of {@link #exp(FloatVector)}: the same operations, the same bits. */
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

    /** Natural log for every lane: −∞ at 0, NaN below 0 and for NaN, +∞ at +∞. */
    public static FloatVector log(FloatVector x) {
        VectorMask<Float> tiny = x.compare(VectorOperators.LT, Float.MIN_NORMAL);
        FloatVector xs = x.blend(x.mul(TWO23), tiny);
        FloatVector eAdj = FloatVector.zero(S).blend(-23f, tiny);
        IntVector bits = xs.reinterpretAsInts();
        FloatVector e = ((FloatVector) bits.lanewise(VectorOperators.LSHR, 23).and(0xff).sub(127).convertShape(VectorOperators.I2F, S, 0)).add(eAdj);
        FloatVector m = bits.and(0x7fffff).or(0x3f800000).reinterpretAsFloats();
        VectorMask<Float> big = m.compare(VectorOperators.GT, SQRT2);
        m = m.blend(m.mul(0.5f), big);
        e = e.blend(e.add(1f), big);
        FloatVector f = m.sub(1f);
        FloatVector s = f.div(f.add(2f));
        FloatVector z = s.mul(s);
        FloatVector poly = z.mul(L9).add(L7);
        poly = poly.fma(z, bc(x, L5));
        poly = poly.fma(z, bc(x, L3));
        poly = poly.fma(z, bc(x, 1f));
        FloatVector lm = s.add(s).mul(poly);
        FloatVector y = e.fma(bc(x, LN2_HI), e.fma(bc(x, LN2_LO), lm));
        y = y.blend(Float.NEGATIVE_INFINITY, x.compare(VectorOperators.EQ, 0f));
        y = y.blend(Float.POSITIVE_INFINITY, x.compare(VectorOperators.EQ, Float.POSITIVE_INFINITY));
        return y.blend(Float.NaN, x.compare(VectorOperators.LT, 0f).or(x.compare(VectorOperators.NE, x)));
    }

    /** Scalar twin of {@link #log(FloatVector)}. */
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

    /** tanh for every lane: the Taylor series below |x| = 0.3, 1 − 2/(e^{2|x|} + 1) with x's sign above. */
    public static FloatVector tanh(FloatVector x) {
        FloatVector a = x.abs();
        FloatVector z = x.mul(x);
        FloatVector poly = z.mul(T5).add(T4);
        poly = poly.fma(z, bc(x, T3));
        poly = poly.fma(z, bc(x, T2));
        poly = poly.fma(z, bc(x, T1));
        FloatVector small = x.mul(z).fma(poly, x);
        FloatVector large = FloatVector.broadcast(S, 2f).div(exp(a.add(a)).add(1f)).neg().add(1f);
        large = large.blend(large.neg(), x.compare(VectorOperators.LT, 0f));
        return large.blend(small, a.compare(VectorOperators.LT, TANH_SERIES));
    }

    /** Scalar twin of {@link #tanh(FloatVector)}. */
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

    private static final ThreadLocal<float[]> LANES = ThreadLocal.withInitial(() -> new float[S.length()]);

    /**
     * Σ of the lanes added in lane order. {@code reduceLanes(ADD)} leaves the order unspecified
     * and C2 uses a different one than the interpreter, so its float sum changes with JIT warm-up.
     */
    public static float sumLanes(FloatVector v) {
        float[] a = LANES.get();
        v.intoArray(a, 0);
        float s = 0f;
        for (float x : a) s += x;
        return s;
    }
}
