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

    private static float[] lanes(float[] x, UnaryOperator<FloatVector> f) {
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i += S.length()) f.apply(FloatVector.fromArray(S, x, i)).intoArray(y, i);
        return y;
    }

    private static void check(String name, float[] x, UnaryOperator<FloatVector> vec, UnaryOperator<Float> scalar, DoubleUnaryOperator ref, double maxUlp) {
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
}
