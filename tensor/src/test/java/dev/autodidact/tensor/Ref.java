package dev.autodidact.tensor;

import dev.autodidact.tensor.random.Rng;

import java.util.function.DoubleUnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Double-precision reference helpers shared by the tensor tests. */
public final class Ref {
    private Ref() {}

    /** Awkward sizes: 1, sizes not divisible by any vector length, and one past a power of two. */
    public static final int[] AWKWARD = {1, 7, 33, 257};

    public static Tensor random(long seed, int... shape) {
        return Tensor.uniform(Rng.of(seed), -2f, 2f, shape);
    }

    /** A non-contiguous tensor with the given shape and values: the transpose of a contiguous one, transposed back. */
    public static Tensor nonContiguous(Tensor t) {
        if (t.dim() < 2) {
            // every other element of a tensor twice as long
            int n = t.numel();
            Tensor big = Tensor.zeros(2 * n);
            big.slice(0, 0, 2 * n, 2).copyFrom(t);
            Tensor v = big.slice(0, 0, 2 * n, 2);
            return t.dim() == 0 ? v.reshape() : v;
        }
        int r = t.dim();
        Tensor tt = t.transpose(r - 2, r - 1).contiguous();
        Tensor back = tt.transpose(r - 2, r - 1);
        assertTrue(!back.isContiguous() || t.size(r - 1) == 1 || t.size(r - 2) == 1);
        return back;
    }

    /** Values as doubles in row-major order. */
    public static double[] values(Tensor t) {
        float[] f = t.toArray();
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return d;
    }

    public static double[] map(Tensor t, DoubleUnaryOperator f) {
        double[] d = values(t);
        for (int i = 0; i < d.length; i++) d[i] = f.applyAsDouble(d[i]);
        return d;
    }

    /** |actual - expected| ≤ abs + rel·|expected| for every element; NaN must match NaN. */
    public static void assertClose(double[] expected, Tensor actual, double rel, double abs, String what) {
        float[] a = actual.toArray();
        assertEquals(expected.length, a.length, what + ": element count");
        for (int i = 0; i < a.length; i++) {
            double e = expected[i];
            if (Double.isNaN(e)) {
                if (!Float.isNaN(a[i])) fail(what + ": element " + i + " expected NaN, got " + a[i]);
                continue;
            }
            if (Double.isInfinite(e)) {
                if (a[i] != e) fail(what + ": element " + i + " expected " + e + ", got " + a[i]);
                continue;
            }
            double err = Math.abs(a[i] - e);
            if (!(err <= abs + rel * Math.abs(e))) fail(what + ": element " + i + " expected " + e + ", got " + a[i] + " (error " + err + ")");
        }
    }

    /** Double-precision erf (series for small |x|, continued fraction for large), independent of the kernel's approximation. */
    public static double erf(double x) {
        double ax = Math.abs(x);
        if (ax < 2.5) {
            double sum = 0, term = ax;
            for (int n = 0; n < 100; n++) {
                sum += term / (2 * n + 1);
                term *= -ax * ax / (n + 1);
            }
            return Math.copySign(2 / Math.sqrt(Math.PI) * sum, x);
        }
        // erfc continued fraction (Lentz), accurate for |x| >= 2.5
        double f = ax, c = ax, d = 0;
        for (int n = 1; n < 200; n++) {
            double an = n / 2.0;
            d = ax + an * d;
            d = 1 / d;
            c = ax + an / c;
            f *= c * d;
        }
        double erfc = Math.exp(-ax * ax) / Math.sqrt(Math.PI) / f;
        return Math.copySign(1 - erfc, x);
    }

    /** Runs body with SIMD kernels on and then off (when the JVM has them). */
    public static void bothKernels(Runnable body) {
        boolean was = Simd.enabled();
        try {
            if (Simd.available()) {
                Simd.setEnabled(true);
                body.run();
            }
            Simd.setEnabled(false);
            body.run();
        } finally {
            if (Simd.available()) Simd.setEnabled(was);
        }
    }
}
