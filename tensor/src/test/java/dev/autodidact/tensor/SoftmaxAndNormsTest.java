package dev.autodidact.tensor;

import dev.autodidact.tensor.kernel.Norms;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class SoftmaxAndNormsTest {

    private static double[][] rows(Tensor x) {
        int n = x.size(-1), r = x.numel() / n;
        double[] v = Ref.values(x);
        double[][] out = new double[r][n];
        for (int i = 0; i < r; i++) System.arraycopy(v, i * n, out[i], 0, n);
        return out;
    }

    private static double[] softmaxRef(Tensor x, boolean log) {
        double[][] rs = rows(x);
        double[] out = new double[x.numel()];
        int n = x.size(-1);
        for (int i = 0; i < rs.length; i++) {
            double m = java.util.Arrays.stream(rs[i]).max().getAsDouble(), s = 0;
            for (double v : rs[i]) s += Math.exp(v - m);
            for (int j = 0; j < n; j++) out[i * n + j] = log ? rs[i][j] - m - Math.log(s) : Math.exp(rs[i][j] - m) / s;
        }
        return out;
    }

    @Test
    void softmaxAndLogSoftmaxMatchDoubleReference() {
        Ref.bothKernels(() -> {
            for (int n : Ref.AWKWARD) {
                Tensor x = Ref.random(n, 5, n).mul(4);
                for (Tensor t : new Tensor[] {x, Ref.nonContiguous(x)}) {
                    // probabilities: relative 1e-5 (a few exp ulps plus the sum's rounding); log-probs: absolute 1e-5
                    Ref.assertClose(softmaxRef(t, false), t.softmax(), 1e-5, 1e-7, "softmax " + n);
                    Ref.assertClose(softmaxRef(t, true), t.logSoftmax(), 1e-5, 1e-5, "logSoftmax " + n);
                }
            }
        });
    }

    @Test
    void softmaxRowsSumToOne() {
        Tensor p = Ref.random(3, 9, 257).softmax();
        Ref.assertClose(new double[9], p.sum(1, false).sub(1f), 0, 1e-6, "row sums");
    }

    @Test
    void softmaxStaysFiniteForHugeLogits() {
        Ref.bothKernels(() -> {
            Tensor x = Tensor.of(new float[] {1e4f, -1e4f, 0, 1e4f, 5e3f, -3e4f, 2e4f, 1, -1, 0, 3, 2, 1, 0, 1, 2, 3, 1e4f}, 1, 18);
            for (float v : x.softmax().toArray()) assertTrue(Float.isFinite(v));
            for (float v : x.logSoftmax().toArray()) assertFalse(Float.isNaN(v));
            assertEquals(1f, x.softmax().get(0, 6), 1e-6);
            assertEquals(-1e4f, x.logSoftmax().get(0, 0), 1e-2);
        });
    }

    @Test
    void nanInARowMakesThatRowNaN() {
        Ref.bothKernels(() -> {
            Tensor x = Ref.random(1, 2, 40);
            x.set(Float.NaN, 0, 3);
            Tensor p = x.softmax();
            for (int j = 0; j < 40; j++) {
                assertTrue(Float.isNaN(p.get(0, j)));
                assertFalse(Float.isNaN(p.get(1, j)));
            }
        });
    }

    @Test
    void layerNormMatchesReferenceAndReturnsStatistics() {
        Ref.bothKernels(() -> {
            for (int c : Ref.AWKWARD) {
                Tensor x = Ref.random(c, 4, c).mul(3).add(1), w = Ref.random(c + 1, c), b = Ref.random(c + 2, c);
                for (Tensor t : new Tensor[] {x, Ref.nonContiguous(x)}) {
                    Norms.LayerNormResult r = t.layerNorm(w, b, 1e-5f);
                    double[][] rs = rows(t);
                    double[] want = new double[t.numel()], mean = new double[4], rstd = new double[4];
                    for (int i = 0; i < 4; i++) {
                        double m = java.util.Arrays.stream(rs[i]).average().getAsDouble(), v = 0;
                        for (double e : rs[i]) v += (e - m) * (e - m);
                        double rsd = 1 / Math.sqrt(v / c + 1e-5);
                        mean[i] = m;
                        rstd[i] = rsd;
                        for (int j = 0; j < c; j++) want[i * c + j] = (rs[i][j] - m) * rsd * w.get(j) + b.get(j);
                    }
                    // normalised values are O(1); a float two-pass norm is accurate to ~1e-6 relative, ×|w| ≤ 2
                    Ref.assertClose(want, r.out(), 1e-5, 2e-5, "layerNorm out C=" + c);
                    Ref.assertClose(mean, r.mean(), 1e-5, 1e-6, "layerNorm mean");
                    // rstd of a single element is 1/sqrt(eps): precision is that of the float sqrt
                    Ref.assertClose(rstd, r.rstd(), 1e-5, 0, "layerNorm rstd");
                }
            }
        });
    }

    @Test
    void rmsNormMatchesReference() {
        Ref.bothKernels(() -> {
            for (int c : Ref.AWKWARD) {
                Tensor x = Ref.random(c, 3, c), w = Ref.random(c + 1, c);
                Norms.RmsNormResult r = x.rmsNorm(w, 1e-6f);
                double[][] rs = rows(x);
                double[] want = new double[x.numel()], rstd = new double[3];
                for (int i = 0; i < 3; i++) {
                    double ss = 0;
                    for (double e : rs[i]) ss += e * e;
                    rstd[i] = 1 / Math.sqrt(ss / c + 1e-6);
                    for (int j = 0; j < c; j++) want[i * c + j] = rs[i][j] * rstd[i] * w.get(j);
                }
                Ref.assertClose(want, r.out(), 1e-5, 1e-5, "rmsNorm C=" + c);
                Ref.assertClose(rstd, r.rstd(), 1e-5, 0, "rmsNorm rstd");
            }
        });
    }

    @Test
    void normsNameShapesOnMismatch() {
        var ex = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 8).layerNorm(Tensor.ones(7), Tensor.zeros(8), 1e-5f));
        assertEquals("layerNorm: input [2, 8] needs weight and bias of shape [8], got [7]", ex.getMessage());
    }
}
