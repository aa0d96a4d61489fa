package dev.autodidact.tensor.kernel;

import dev.autodidact.tensor.random.Rng;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.api.Test;

import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.*;

class VecMathTest {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    /** Inputs: a sweep over [lo, hi] plus random values in it, padded to whole vectors. */
    private static float[] inputs(float lo, float hi, long seed) {
        int n = 20000 / S.length() * S.length();
        float[] x = new float[n];
        Rng r = Rng.of(seed);
        for (int i = 0; i < n; i++) x[i] = i % 2 == 0 ? lo + (hi - lo) * i / n : lo + (hi - lo) * r.nextFloat();
        return x;
    }

    /** A row function: y[yo + i] = f(x[xo + i]) for i < n. */
    interface Row {
        void apply(float[] x, int xo, float[] y, int yo, int n);
    }

    private static float[] lanes(float[] x, Row f) {
        float[] y = new float[x.length];
        f.apply(x, 0, y, 0, x.length);
        return y;
    }

    private static void check(String name, float[] x, Row vec, UnaryOperator<Float> scalar, DoubleUnaryOperator ref, double maxUlp) {
        float[] y = lanes(x, vec);
        for (int i = 0; i < x.length; i++) {
            float twin = scalar.apply(x[i]);
            assertEquals(Float.floatToIntBits(twin), Float.floatToIntBits(y[i]), name + ": lane and scalar twin differ at x = " + x[i]);
            double exact = ref.applyAsDouble(x[i]);
            double ulps = Math.abs(y[i] - exact) / Math.ulp((float) exact);
            assertTrue(ulps <= maxUlp, name + "(" + x[i] + ") = " + y[i] + ", exact " + exact + ": " + ulps + " ulp");
        }
    }

    @Test
    void expIsWithinTwoUlpAndBitIdenticalToItsScalarTwin() {
        check("exp", inputs(-87f, 88f, 1), VecMath::exp, VecMath::exp, Math::exp, 2);
        check("exp small", inputs(-1f, 1f, 2), VecMath::exp, VecMath::exp, Math::exp, 2);
    }

    @Test
    void logIsWithinThreeUlpAndBitIdenticalToItsScalarTwin() {
        check("log", inputs(1e-6f, 1e6f, 3), VecMath::log, VecMath::log, Math::log, 3);
        check("log near 1", inputs(0.5f, 2f, 4), VecMath::log, VecMath::log, Math::log, 3);
        check("log subnormal", inputs(1e-44f, 1e-38f, 5), VecMath::log, VecMath::log, Math::log, 3);
    }

    @Test
    void tanhIsWithinFourUlpAndBitIdenticalToItsScalarTwin() {
        check("tanh", inputs(-10f, 10f, 6), VecMath::tanh, VecMath::tanh, Math::tanh, 4);
        check("tanh small", inputs(-0.5f, 0.5f, 7), VecMath::tanh, VecMath::tanh, Math::tanh, 4);
    }

    @Test
    void specialValuesFollowTheLibmConventions() {
        float[] x = new float[S.length()];
        float[] specials = {Float.NaN, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, 0f, -0f, -1f, 100f, -100f};
        for (int i = 0; i < x.length; i++) x[i] = specials[i % specials.length];
        float[] e = lanes(x, VecMath::exp), l = lanes(x, VecMath::log), t = lanes(x, VecMath::tanh);
        for (int i = 0; i < specials.length && i < x.length; i++) {
            float v = x[i];
            assertEquals(v != v ? Float.NaN : v == Float.NEGATIVE_INFINITY || v == -100f ? 0f : v == Float.POSITIVE_INFINITY || v == 100f ? Float.POSITIVE_INFINITY : (float) Math.exp(v), e[i], 1e-6f, "exp(" + v + ")");
            if (v != v || v < 0) assertTrue(Float.isNaN(l[i]), "log(" + v + ")");
            else assertEquals((float) Math.log(v), l[i], 1e-6f, "log(" + v + ")");
            if (v != v) assertTrue(Float.isNaN(t[i]));
            else assertEquals((float) Math.tanh(v), t[i], 1e-6f, "tanh(" + v + ")");
        }
    }

    @Test
    void rowsOfAwkwardLengthsAtOffsetsAndInPlaceMatchTheScalarTwins() {
        Row[] rows = {VecMath::exp, VecMath::log, VecMath::tanh};
        UnaryOperator<Float>[] twins = new UnaryOperator[] {(UnaryOperator<Float>) VecMath::exp, (UnaryOperator<Float>) VecMath::log, (UnaryOperator<Float>) VecMath::tanh};
        Rng r = Rng.of(8);
        for (int n : new int[] {1, 7, 33, 257, Scratch.BLOCK + 5, 3 * Scratch.BLOCK}) {
            for (int f = 0; f < rows.length; f++) {
                float[] x = new float[n + 3];
                for (int i = 0; i < x.length; i++) x[i] = f == 1 ? 0.01f + 20 * r.nextFloat() : 12 * r.nextFloat() - 6;
                float[] y = new float[n + 5];
                rows[f].apply(x, 3, y, 5, n);
                float[] inPlace = x.clone();
                rows[f].apply(inPlace, 3, inPlace, 3, n);
                for (int i = 0; i < n; i++) {
                    int want = Float.floatToIntBits(twins[f].apply(x[3 + i]));
                    assertEquals(want, Float.floatToIntBits(y[5 + i]), "row " + f + ", n " + n + ", i " + i);
                    assertEquals(want, Float.floatToIntBits(inPlace[3 + i]), "in place: row " + f + ", n " + n + ", i " + i);
                }
                assertEquals(0f, y[4], "row " + f + " wrote before its start");
            }
        }
    }

    @Test
    void shiftedScaledExpAndSumsMatchDoubleReferences() {
        Rng r = Rng.of(9);
        for (int n : new int[] {1, 7, 33, 257, 2 * Scratch.BLOCK + 17}) {
            float[] x = new float[n + 2];
            for (int i = 0; i < x.length; i++) x[i] = 10 * r.nextFloat() - 5;
            float shift = 1.5f, scale = 0.7f;
            float[] y = new float[n];
            VecMath.exp(x, 2, shift, scale, y, 0, n);
            double sumRef = 0, expSumRef = 0;
            for (int i = 0; i < n; i++) {
                assertEquals(Float.floatToIntBits(VecMath.exp((x[2 + i] - shift) * scale)), Float.floatToIntBits(y[i]), "n " + n + ", i " + i);
                sumRef += y[i];
                expSumRef += Math.exp(x[2 + i] - shift);
            }
            assertEquals(sumRef, VecMath.sum(y, 0, n), 1e-5 * Math.abs(sumRef), "sum, n " + n);
            assertEquals(expSumRef, VecMath.expSum(x, 2, shift, n), 1e-5 * expSumRef, "expSum, n " + n);
        }
    }
}
