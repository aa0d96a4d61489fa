package dev.autodidact.autograd;

import dev.autodidact.tensor.Tensor;

import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.*;

/** Runs a fused op and the composition of primitive ops it replaces on the same inputs; compares values and gradients. */
public final class Compare {
    private Compare() {}

    /**
     * Same forward and same gradient for every input, within {@code tol} relative to the largest
     * magnitude of each compared tensor (both sides round differently in float32).
     */
    public static void fusedMatchesComposition(String name, Function<Var[], Var> fused, Function<Var[], Var> composed, double tol, Tensor... inputs) {
        Var[] a = leaves(inputs), b = leaves(inputs);
        Var fa = fused.apply(a), fb = composed.apply(b);
        assertArrayEquals(fb.shape(), fa.shape(), name + ": output shapes differ");
        close(name + " forward", fb.value(), fa.value(), tol);
        Tensor up = Inputs.normal(99, fa.shape());
        fa.backward(up);
        fb.backward(up);
        for (int i = 0; i < inputs.length; i++) {
            if (b[i].grad() == null) {
                assertNull(a[i].grad(), name + ": input " + i + " got a gradient from the fused op only");
                continue;
            }
            assertNotNull(a[i].grad(), name + ": input " + i + " got no gradient from the fused op");
            close(name + " gradient of input " + i, b[i].grad(), a[i].grad(), tol);
        }
        Tape.clear();
    }

    private static Var[] leaves(Tensor[] xs) {
        Var[] v = new Var[xs.length];
        for (int i = 0; i < xs.length; i++) v[i] = Var.leaf(xs[i].copy());
        return v;
    }

    public static void close(String what, Tensor expected, Tensor actual, double tol) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shapes differ");
        float[] e = expected.contiguous().toArray(), a = actual.contiguous().toArray();
        double scale = 1e-6;
        for (float x : e) scale = Math.max(scale, Math.abs(x));
        for (int i = 0; i < e.length; i++) {
            if (Math.abs(e[i] - a[i]) > tol * scale) fail(what + ": element " + i + " expected " + e[i] + " got " + a[i] + " (scale " + scale + ")");
        }
    }
}
