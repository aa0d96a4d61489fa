package dev.autodidact.tensor.kernel;

import dev.autodidact.tensor.Parallel;
import dev.autodidact.tensor.Simd;
import dev.autodidact.tensor.random.Rng;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** The norm backward kernels against a double-precision reference, SIMD and plain, 1 and 2 threads. */
class NormBackwardTest {
    private record Case(int rows, int c, float[] x, float[] w, float[] g, float[] mean, float[] rstd) {}

    private static Case make(int rows, int c, boolean rms, long seed) {
        Rng r = Rng.of(seed);
        int off = 3;  // operands start at an offset
        float[] x = new float[off + rows * c], w = new float[off + c], g = new float[off + rows * c];
        for (int i = 0; i < x.length; i++) x[i] = 2 * r.nextFloat() - 1;
        for (int i = 0; i < w.length; i++) w[i] = 0.5f + r.nextFloat();
        for (int i = 0; i < g.length; i++) g[i] = 2 * r.nextFloat() - 1;
        float[] mean = rms ? null : new float[rows], rstd = new float[rows];
        for (int row = 0; row < rows; row++) {
            double m = 0, ss = 0;
            if (!rms) {
                for (int i = 0; i < c; i++) m += x[off + row * c + i];
                m /= c;
                mean[row] = (float) m;
            }
            for (int i = 0; i < c; i++) ss += Math.pow(x[off + row * c + i] - m, 2);
            rstd[row] = (float) (1 / Math.sqrt(ss / c + 1e-5));
        }
        return new Case(rows, c, x, w, g, mean, rstd);
    }

    /** dx, dw, db in double. */
    private static double[][] reference(Case k) {
        int rows = k.rows, c = k.c, off = 3;
        double[] dx = new double[rows * c], dw = new double[c], db = new double[c];
        for (int row = 0; row < rows; row++) {
            double mu = k.mean == null ? 0 : k.mean[row], rs = k.rstd[row], sDy = 0, sDyX = 0;
            for (int i = 0; i < c; i++) {
                double xhat = (k.x[off + row * c + i] - mu) * rs, dy = (double) k.g[off + row * c + i] * k.w[off + i];
                sDy += dy;
                sDyX += dy * xhat;
                dw[i] += k.g[off + row * c + i] * xhat;
                db[i] += k.g[off + row * c + i];
            }
            for (int i = 0; i < c; i++) {
                double xhat = (k.x[off + row * c + i] - mu) * rs, dy = (double) k.g[off + row * c + i] * k.w[off + i];
                dx[row * c + i] = rs * (dy - (k.mean == null ? 0 : sDy / c) - xhat * sDyX / c);
            }
        }
        return new double[][] {dx, dw, db};
    }

    private static float[][] run(Case k) {
        float[] dx = new float[k.rows * k.c], dw = new float[k.c], db = new float[k.c];
        NormBackward.inputGrad(k.x, 3, k.w, 3, k.g, 3, k.mean, k.rstd, dx, k.rows, k.c);
        NormBackward.paramGrads(k.x, 3, k.g, 3, k.mean, k.rstd, dw, k.mean == null ? null : db, k.rows, k.c);
        return new float[][] {dx, dw, db};
    }

    @Test
    void simdAndPlainMatchTheDoubleReferenceAndDoNotDependOnTheThreadCount() {
        int threads = Parallel.threads();
        boolean simd = Simd.enabled();
        try {
            for (int c : new int[] {1, 7, 33, 128, 257}) {
                for (int rows : new int[] {1, 5, 300}) {
                    for (boolean rms : new boolean[] {false, true}) {
                        Case k = make(rows, c, rms, 31L * c + rows);
                        double[][] want = reference(k);
                        for (boolean on : new boolean[] {true, false}) {
                            Simd.setEnabled(on);
                            Parallel.setThreads(1);
                            float[][] one = run(k);
                            Parallel.setThreads(2);
                            float[][] two = run(k);
                            String at = "c " + c + ", rows " + rows + (rms ? ", rms" : ", layer") + (on ? ", simd" : ", plain");
                            for (int q = 0; q < (rms ? 2 : 3); q++) {
                                assertArrayEquals(one[q], two[q], at + ": output " + q + " changed with the thread count");
                                for (int i = 0; i < want[q].length; i++) {
                                    assertEquals(want[q][i], one[q][i], 1e-4 * (1 + Math.abs(want[q][i])) * Math.sqrt(rows), at + ": output " + q + " at " + i);
                                }
                            }
                        }
                    }
                }
            }
        } finally {
            Parallel.setThreads(threads);
            Simd.setEnabled(simd);
        }
    }
}
