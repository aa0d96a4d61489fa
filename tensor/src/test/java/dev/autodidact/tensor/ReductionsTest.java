package dev.autodidact.tensor;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.*;

class ReductionsTest {

    /** Reduce [.., R, ..] along axis with a double accumulator: kind = sum|mean|max|min|var|lse. */
    private static double[] reference(Tensor x, int axis, String kind) {
        int[] s = x.shape();
        int r = s[axis], outer = Shapes.product(s, 0, axis), inner = Shapes.product(s, axis + 1, s.length);
        double[] v = Ref.values(x), out = new double[outer * inner];
        for (int o = 0; o < outer; o++) for (int i = 0; i < inner; i++) {
            double[] col = new double[r];
            for (int k = 0; k < r; k++) col[k] = v[(o * r + k) * inner + i];
            double mean = Arrays.stream(col).average().orElse(Double.NaN);
            out[o * inner + i] = switch (kind) {
                case "sum" -> Arrays.stream(col).sum();
                case "mean" -> mean;
                case "max" -> Arrays.stream(col).max().getAsDouble();
                case "min" -> Arrays.stream(col).min().getAsDouble();
                case "var" -> Arrays.stream(col).map(c -> (c - mean) * (c - mean)).sum() / (r - 1);
                default -> {
                    double m = Arrays.stream(col).max().getAsDouble();
                    yield m + Math.log(Arrays.stream(col).map(c -> Math.exp(c - m)).sum());
                }
            };
        }
        return out;
    }

    @Test
    void everyReductionOverEveryAxisMatchesDoubleReference() {
        Ref.bothKernels(() -> {
            for (int n : Ref.AWKWARD) {
                Tensor x = Ref.random(n, 3, n, 5);
                for (Tensor t : new Tensor[] {x, Ref.nonContiguous(x)}) {
                    for (int axis = 0; axis < 3; axis++) {
                        // Float sums of R values in [-2, 2] err by at most ~R·eps·Σ|x|; 1e-5 relative plus 1e-5·R absolute is ample.
                        double abs = 1e-5 * t.size(axis);
                        Ref.assertClose(reference(t, axis, "sum"), t.sum(axis, false), 1e-5, abs, "sum axis " + axis);
                        Ref.assertClose(reference(t, axis, "mean"), t.mean(axis, false), 1e-5, 1e-5, "mean axis " + axis);
                        Ref.assertClose(reference(t, axis, "max"), t.max(axis, false), 0, 0, "max axis " + axis);
                        Ref.assertClose(reference(t, axis, "min"), t.min(axis, false), 0, 0, "min axis " + axis);
                        if (t.size(axis) > 1) Ref.assertClose(reference(t, axis, "var"), t.var(axis, false, 1), 1e-4, 1e-5, "var axis " + axis);
                        Ref.assertClose(reference(t, axis, "lse"), t.logsumexp(axis, false), 1e-5, 1e-5, "logsumexp axis " + axis);
                        int[] keep = t.shape();
                        keep[axis] = 1;
                        assertArrayEquals(keep, t.sum(axis, true).shape());
                    }
                }
            }
        });
    }

    @Test
    void argmaxTakesTheFirstMaximum() {
        Tensor x = Tensor.of(new float[] {1, 5, 5, 2, 9, 0, 9, 3}, 2, 4);
        assertArrayEquals(new int[] {1, 0}, x.argmax(1, false).data());
        assertArrayEquals(new int[] {1, 0, 1, 1}, x.argmax(0, false).data());
        assertArrayEquals(new int[] {2, 1}, x.argmax(-1, true).shape());
        Tensor nan = Tensor.vector(1, Float.NaN, 3);
        assertEquals(1, nan.argmax(0, false).data()[0]);
    }

    @Test
    void logsumexpOfMinusInfinityRowIsMinusInfinity() {
        Tensor x = Tensor.full(Float.NEGATIVE_INFINITY, 2, 3);
        x.set(0f, 1, 1);
        float[] lse = x.logsumexp(1, false).toArray();
        assertEquals(Float.NEGATIVE_INFINITY, lse[0]);
        assertEquals(0f, lse[1], 1e-7);
        assertEquals(1e4f + (float) Math.log(2), Tensor.vector(1e4f, 1e4f).logsumexp(0, false).item(), 1e-2);
    }

    @Test
    void reductionsAreIdenticalForAnyThreadCount() {
        Tensor x = Ref.random(5, 64, 1000);
        int before = Parallel.threads();
        try {
            Parallel.setThreads(1);
            float[] a0 = x.sum(0, false).toArray(), a1 = x.sum(1, false).toArray();
            Parallel.setThreads(2);
            assertArrayEquals(a0, x.sum(0, false).toArray());
            assertArrayEquals(a1, x.sum(1, false).toArray());
        } finally {
            Parallel.setThreads(before);
        }
    }

    @Test
    void reducingAnEmptyAxisIsAnErrorForMax() {
        var ex = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 0).max(1, false));
        assertEquals("max: axis 1 of [2, 0] is empty", ex.getMessage());
        assertArrayEquals(new float[] {0, 0}, Tensor.zeros(2, 0).sum(1, false).toArray());
        var axis = assertThrows(IndexOutOfBoundsException.class, () -> Tensor.zeros(2, 3).sum(2, false));
        assertEquals("sum: axis 2 is out of range for a tensor of rank 2", axis.getMessage());
    }
}
