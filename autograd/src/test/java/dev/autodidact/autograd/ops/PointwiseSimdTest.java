package dev.autodidact.autograd.ops;

import dev.autodidact.autograd.Inputs;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** The vector backward loops agree with the scalar reference loops for every rule. */
class PointwiseSimdTest {

    @Test
    void vectorDerivativesMatchScalarReferenceForEveryRule() {
        int n = 77;  // not a multiple of any vector length: exercises the scalar tail
        float[] x = Inputs.awayFromZero(1, n).mul(2f).toArray(), g = Inputs.normal(2, n).toArray();
        float[] pos = Inputs.uniform(3, 0.3f, 3f, n).toArray();
        for (Pointwise.Rule rule : Pointwise.Rule.values()) {
            boolean positive = rule == Pointwise.Rule.LOG || rule == Pointwise.Rule.SQRT || rule == Pointwise.Rule.RSQRT || rule == Pointwise.Rule.POW;
            float[] in = positive ? pos : x;
            float[] y = new float[n];
            for (int i = 0; i < n; i++) {
                double v = in[i];
                y[i] = (float) switch (rule) {
                    case EXP -> Math.exp(v);
                    case SQRT -> Math.sqrt(v);
                    case RSQRT -> 1 / Math.sqrt(v);
                    case TANH -> Math.tanh(v);
                    case SIGMOID -> 1 / (1 + Math.exp(-v));
                    default -> 0;  // rules that read only x
                };
            }
            float[] ref = new float[n], fast = new float[n];
            Pointwise.derivative(rule, in, 0, y, 0, g, 0, ref, 0, n, 1.7f, 0.5f);
            PointwiseSimd.derivative(rule, in, 0, y, 0, g, 0, fast, 0, n, 1.7f, 0.5f);
            for (int i = 0; i < n; i++) {
                // Vector lanes use float transcendentals and the 1.5e-7 erf approximation: a few ulp.
                assertEquals(ref[i], fast[i], 1e-5 * Math.max(1, Math.abs(ref[i])), rule + " at " + i + " (x = " + in[i] + ")");
            }
        }
    }
}
