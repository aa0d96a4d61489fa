package dev.autodidact.tensor;

import dev.autodidact.tensor.kernel.UnaryOp;
import org.junit.jupiter.api.Test;

import java.util.function.DoubleUnaryOperator;

import static org.junit.jupiter.api.Assertions.*;

class ElementwiseTest {

    /**
     * Tolerances: exact ops (neg, abs, square, relu, clamp, +,-,*,/) are correctly rounded in float,
     * so 1 ulp (≈6e-8 relative) covers them; transcendental lanes (exp, log, tanh) carry a few ulp;
     * GELU-erf uses a 1.5e-7-absolute erf approximation. 2e-6 relative plus 1e-6 absolute bounds all.
     */
    private static final double REL = 2e-6, ABS = 1e-6;

    private static void checkUnary(String name, java.util.function.UnaryOperator<Tensor> op, DoubleUnaryOperator ref, boolean positiveOnly) {
        Ref.bothKernels(() -> {
            for (int n : Ref.AWKWARD) {
                Tensor x = Ref.random(n, 3, n);
                if (positiveOnly) x = x.abs().add(0.01f);
                Ref.assertClose(Ref.map(x, ref), op.apply(x), REL, ABS, name + " [3," + n + "]");
                Tensor nc = Ref.nonContiguous(x);
                Ref.assertClose(Ref.map(nc, ref), op.apply(nc), REL, ABS, name + " non-contiguous [3," + n + "]");
            }
        });
    }

    @Test
    void unaryOpsMatchDoubleReference() {
        checkUnary("neg", Tensor::neg, v -> -v, false);
        checkUnary("abs", Tensor::abs, Math::abs, false);
        checkUnary("exp", Tensor::exp, Math::exp, false);
        checkUnary("log", Tensor::log, Math::log, true);
        checkUnary("sqrt", Tensor::sqrt, Math::sqrt, true);
        checkUnary("rsqrt", Tensor::rsqrt, v -> 1 / Math.sqrt(v), true);
        checkUnary("square", Tensor::square, v -> v * v, false);
        checkUnary("tanh", Tensor::tanh, Math::tanh, false);
        checkUnary("sigmoid", Tensor::sigmoid, v -> 1 / (1 + Math.exp(-v)), false);
        checkUnary("relu", Tensor::relu, v -> Math.max(v, 0), false);
        checkUnary("gelu", Tensor::gelu, v -> 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v * v * v))), false);
        checkUnary("geluErf", Tensor::geluErf, v -> 0.5 * v * (1 + Ref.erf(v / Math.sqrt(2))), false);
        checkUnary("silu", Tensor::silu, v -> v / (1 + Math.exp(-v)), false);
        checkUnary("pow 3", t -> t.pow(3f), v -> v * v * v, false);
        checkUnary("pow 1.7", t -> t.pow(1.7f), v -> Math.pow(v, 1.7), true);
        checkUnary("clamp", t -> t.clamp(-0.5f, 1f), v -> Math.min(Math.max(v, -0.5), 1), false);
    }

    @Test
    void erfReferenceIsAccurate() {
        assertEquals(0.8427007929497149, Ref.erf(1), 1e-13);
        assertEquals(0.9999779095030014, Ref.erf(3), 1e-13);
        for (double x = -4; x <= 4; x += 0.01) {
            assertEquals(Ref.erf(x), dev.autodidact.tensor.kernel.Erf.erf(x), 2e-7, "erf(" + x + ")");
        }
    }

    @Test
    void binaryOpsBroadcastLikeNumPy() {
        int[][][] pairs = {
                {{7, 1, 33}, {1, 5, 33}}, {{257}, {}}, {{}, {33}}, {{4, 33}, {33}}, {{33, 1}, {1, 7}}, {{2, 3, 7}, {3, 1}}, {{1}, {1}}
        };
        String[] names = {"add", "sub", "mul", "div", "maximum", "minimum", "lt", "ge", "eq"};
        Ref.bothKernels(() -> {
            for (int[][] p : pairs) {
                Tensor a = Ref.random(11, p[0]), b = Ref.random(12, p[1]);
                b = b.add(b.ge(Tensor.scalar(0)).mul(0.01f)); // keep |b| away from 0 for div
                int[] shape = Shapes.broadcast("test", p[0], p[1]);
                for (Tensor aa : new Tensor[] {a, Ref.nonContiguous(a)}) {
                    for (String name : names) {
                        Tensor got = switch (name) {
                            case "add" -> aa.add(b); case "sub" -> aa.sub(b); case "mul" -> aa.mul(b); case "div" -> aa.div(b);
                            case "maximum" -> aa.maximum(b); case "minimum" -> aa.minimum(b);
                            case "lt" -> aa.lt(b); case "ge" -> aa.ge(b); default -> aa.eq(b);
                        };
                        assertArrayEquals(shape, got.shape(), name);
                        double[] want = new double[Shapes.numel(shape)];
                        Tensor ea = aa.expand(shape), eb = b.expand(shape);
                        int[] idx = new int[shape.length];
                        for (int i = 0; i < want.length; i++) {
                            double x = ea.get(idx), y = eb.get(idx);
                            want[i] = switch (name) {
                                case "add" -> x + y; case "sub" -> x - y; case "mul" -> x * y; case "div" -> x / y;
                                case "maximum" -> Math.max(x, y); case "minimum" -> Math.min(x, y);
                                case "lt" -> x < y ? 1 : 0; case "ge" -> x >= y ? 1 : 0; default -> x == y ? 1 : 0;
                            };
                            for (int d = shape.length - 1; d >= 0 && ++idx[d] == shape[d]; d--) idx[d] = 0;
                        }
                        Ref.assertClose(want, got, 1e-7, 0, name + " " + java.util.Arrays.deepToString(p));
                    }
                }
            }
        });
    }

    @Test
    void scalarFormsAndErrors() {
        Tensor x = Tensor.vector(1, 2, 3);
        assertArrayEquals(new float[] {3, 4, 5}, x.add(2).toArray());
        assertArrayEquals(new float[] {0.5f, 1, 1.5f}, x.div(2).toArray());
        var ex = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).add(Tensor.zeros(4)));
        assertEquals("add: shapes [2, 3] and [4] do not broadcast (dimension 1: 3 vs 4)", ex.getMessage());
    }

    @Test
    void whereAndMaskedFill() {
        Tensor a = Tensor.arange(6).reshape(2, 3);
        Tensor mask = Tensor.vector(1, 0, 1);
        assertArrayEquals(new float[] {0, -1, 2, 3, -1, 5}, Tensor.where(mask, a, Tensor.scalar(-1)).toArray());
        assertArrayEquals(new float[] {9, 1, 9, 9, 4, 9}, a.maskedFill(mask, 9f).toArray());
        var ex = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(3).maskedFill(Tensor.zeros(2, 3), 1f));
        assertTrue(ex.getMessage().contains("would enlarge"), ex.getMessage());
    }

    @Test
    void nanPropagatesThroughMaxAndRelu() {
        Ref.bothKernels(() -> {
            Tensor x = Tensor.full(1f, 40);
            x.set(Float.NaN, 35);
            assertTrue(Float.isNaN(x.maximum(0f).get(35)));
            assertTrue(Float.isNaN(x.relu().get(35)));
            assertTrue(Float.isNaN(x.clamp(0, 0.5f).get(35)));
            assertEquals(0.5f, x.clamp(0, 0.5f).get(34));
        });
    }

    @Test
    void everyUnaryOpHasAScalarDefinition() {
        for (UnaryOp op : UnaryOp.values()) assertFalse(Float.isNaN(op.apply(0.5f, 2f, 3f)), op.name());
    }

    @Test
    void addIntoAccumulatesThroughStridedViewsWithBroadcast() {
        Tensor dst = Tensor.zeros(3, 4);
        dst.narrow(1, 1, 2).copyFrom(Tensor.ones(3, 2));
        dev.autodidact.tensor.kernel.Elementwise.addInto(dst.transpose(0, 1).narrow(0, 1, 2), Tensor.vector(10, 20, 30));  // rows 1..2 of dstᵀ
        assertArrayEquals(new float[] {0, 11, 11, 0, 0, 21, 21, 0, 0, 31, 31, 0}, dst.toArray());
        var e = assertThrows(IllegalArgumentException.class, () -> dev.autodidact.tensor.kernel.Elementwise.addInto(dst, Tensor.zeros(2)));
        assertTrue(e.getMessage().contains("[2]") && e.getMessage().contains("[3, 4]"), e.getMessage());
    }

    /**
     * A contiguous tensor is one long row, which the iteration plan cuts into fixed segments so
     * that threads share it: results must match the reference and be bit-identical for 1 and 2
     * threads, also at lengths that end in a partial vector and a partial segment.
     */
    @Test
    void longRowsAreSplitAcrossThreadsWithIdenticalBits() {
        int previous = Parallel.threads();
        try {
            for (int n : new int[] {(1 << 15) + 7, 3 * (1 << 15) + 33, 2 * (1 << 15)}) {
                Tensor x = Ref.random(n, n), y = Ref.random(n + 1, n), b = Ref.random(n + 2, 1);
                float[][] one = null;
                for (int threads : new int[] {1, 2}) {
                    Parallel.setThreads(threads);
                    Tensor gelu = x.gelu(), sum = x.add(y), scaled = x.mul(b), copy = x.copy();
                    Tensor acc = y.copy();
                    dev.autodidact.tensor.kernel.Elementwise.addInto(acc, x);
                    Ref.assertClose(Ref.map(x, v -> 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v * v * v)))), gelu, REL, ABS, "gelu " + n);
                    double[] xs = Ref.values(x), ys = Ref.values(y);
                    double[] want = new double[n];
                    for (int i = 0; i < n; i++) want[i] = xs[i] + ys[i];
                    Ref.assertClose(want, sum, REL, ABS, "add " + n);
                    Ref.assertClose(want, acc, REL, ABS, "addInto " + n);
                    Ref.assertClose(Ref.map(x, v -> v * b.item()), scaled, REL, ABS, "mul by broadcast " + n);
                    assertArrayEquals(x.toArray(), copy.toArray());
                    float[][] got = {gelu.toArray(), sum.toArray(), scaled.toArray(), acc.toArray()};
                    if (one == null) one = got;
                    else for (int k = 0; k < got.length; k++) assertArrayEquals(one[k], got[k], "1 vs 2 threads, output " + k + ", n " + n);
                }
            }
        } finally {
            Parallel.setThreads(previous);
        }
    }
}
