package dev.autodidact.tensor.kernel;

import dev.autodidact.tensor.Parallel;
import dev.autodidact.tensor.Shapes;
import dev.autodidact.tensor.Simd;
import dev.autodidact.tensor.Tensor;

import java.util.Arrays;

/**
 * Layer norm and RMS norm over the last axis (C). Both return the per-row statistics the
 * backward pass needs, so it never recomputes them: mean and rstd = 1/√(var + eps) for layer
 * norm, rstd = 1/√(mean(x²) + eps) for RMS norm; statistics have x's shape without its last axis.
 */
public final class Norms {
    private Norms() {}

    /** out [..., C], mean [...], rstd [...]. */
    public record LayerNormResult(Tensor out, Tensor mean, Tensor rstd) {}

    /** out [..., C], rstd [...]. */
    public record RmsNormResult(Tensor out, Tensor rstd) {}

    public static LayerNormResult layerNorm(Tensor x, Tensor weight, Tensor bias, float eps) {
        int[] shape = x.shape();
        int[] stats = Arrays.copyOf(shape, Math.max(0, shape.length - 1));
        var r = new LayerNormResult(Tensor.zeros(shape), Tensor.zeros(stats), Tensor.zeros(stats));
        layerNormInto(x, weight, bias, eps, r);
        return r;
    }

    /** Writes into preallocated result tensors (contiguous); allocates nothing for contiguous x. */
    public static void layerNormInto(Tensor x, Tensor weight, Tensor bias, float eps, LayerNormResult r) {
        int c = checkParams("layerNorm", x, weight, bias);
        Elementwise.requireContiguousOut("layerNorm", r.out(), x.shape());
        Tensor xc = x.contiguous(), wc = weight.contiguous(), bc = bias.contiguous();
        float[] xs = xc.data(), ws = wc.data(), bs = bc.data();
        float[] o = r.out().data(), ms = r.mean().data(), rs = r.rstd().data();
        int xo = xc.offset(), wo = wc.offset(), bo = bc.offset(), oo = r.out().offset(), mo = r.mean().offset(), ro = r.rstd().offset();
        int rows = c == 0 ? 0 : x.numel() / c;
        boolean simd = Simd.enabled();
        Parallel.forRange(rows, Math.max(1, 8192 / Math.max(1, c)), (lo, hi) -> {
            for (int row = lo; row < hi; row++) {
                int p = xo + row * c, q = oo + row * c;
                if (simd) NormsSimd.layerNormRow(xs, p, ws, wo, bs, bo, o, q, c, eps, ms, mo + row, rs, ro + row);
                else layerNormRowNaive(xs, p, ws, wo, bs, bo, o, q, c, eps, ms, mo + row, rs, ro + row);
            }
        });
    }

    public static RmsNormResult rmsNorm(Tensor x, Tensor weight, float eps) {
        int[] shape = x.shape();
        var r = new RmsNormResult(Tensor.zeros(shape), Tensor.zeros(Arrays.copyOf(shape, Math.max(0, shape.length - 1))));
        rmsNormInto(x, weight, eps, r);
        return r;
    }

    public static void rmsNormInto(Tensor x, Tensor weight, float eps, RmsNormResult r) {
        int c = checkParams("rmsNorm", x, weight, weight);
        Elementwise.requireContiguousOut("rmsNorm", r.out(), x.shape());
        Tensor xc = x.contiguous(), wc = weight.contiguous();
        float[] xs = xc.data(), ws = wc.data(), o = r.out().data(), rs = r.rstd().data();
        int xo = xc.offset(), wo = wc.offset(), oo = r.out().offset(), ro = r.rstd().offset();
        int rows = c == 0 ? 0 : x.numel() / c;
        boolean simd = Simd.enabled();
        Parallel.forRange(rows, Math.max(1, 8192 / Math.max(1, c)), (lo, hi) -> {
            for (int row = lo; row < hi; row++) {
                int p = xo + row * c, q = oo + row * c;
                if (simd) NormsSimd.rmsNormRow(xs, p, ws, wo, o, q, c, eps, rs, ro + row);
                else rmsNormRowNaive(xs, p, ws, wo, o, q, c, eps, rs, ro + row);
            }
        });
    }

    /**
     * Layer norm (bias may be null) or, when {@code rms}, RMS norm of {@code rows} rows of C in
     * raw arrays, without keeping the statistics: the KV-cache decoder's path. The same row
     * kernels as {@link #layerNormInto} and {@link #rmsNormInto}, parallel over rows.
     */
    public static void rowsInto(boolean rms, float[] x, int xo, float[] w, int wo, float[] b, int bo,
                                float[] out, int oo, int rows, int c, float eps) {
        float[] bias = rms || b != null ? b : new float[c];
        int biasOff = b != null ? bo : 0;
        boolean simd = Simd.enabled();
        Parallel.forRange(rows, Math.max(1, 8192 / Math.max(1, c)), (lo, hi) -> {
            float[] stats = new float[2];  // mean and rstd of the current row, not kept
            for (int row = lo; row < hi; row++) {
                int p = xo + row * c, q = oo + row * c;
                if (rms) {
                    if (simd) NormsSimd.rmsNormRow(x, p, w, wo, out, q, c, eps, stats, 1);
                    else rmsNormRowNaive(x, p, w, wo, out, q, c, eps, stats, 1);
                } else if (simd) {
                    NormsSimd.layerNormRow(x, p, w, wo, bias, biasOff, out, q, c, eps, stats, 0, stats, 1);
                } else {
                    layerNormRowNaive(x, p, w, wo, bias, biasOff, out, q, c, eps, stats, 0, stats, 1);
                }
            }
        });
    }

    private static int checkParams(String op, Tensor x, Tensor weight, Tensor bias) {
        if (x.dim() == 0) throw new IllegalArgumentException(op + ": input must have at least one axis, got a scalar");
        int c = x.size(-1);
        for (Tensor p : new Tensor[] {weight, bias}) {
            if (p.dim() != 1 || p.size(0) != c) {
                throw new IllegalArgumentException(op + ": input " + Shapes.format(x.shape()) + " needs weight and bias of shape [" + c + "], got " + Shapes.format(p.shape()));
            }
        }
        return c;
    }

    /** Reference layer norm of one row (two passes: mean, then variance). */
    public static void layerNormRowNaive(float[] x, int p, float[] w, int wo, float[] b, int bo, float[] out, int q, int c,
                                         float eps, float[] mean, int mi, float[] rstd, int ri) {
        float sum = 0;
        for (int i = 0; i < c; i++) sum += x[p + i];
        float m = sum / c;
        float ss = 0;
        for (int i = 0; i < c; i++) { float d = x[p + i] - m; ss += d * d; }
        float rs = (float) (1.0 / Math.sqrt(ss / c + eps));
        for (int i = 0; i < c; i++) out[q + i] = (x[p + i] - m) * rs * w[wo + i] + b[bo + i];
        mean[mi] = m;
        rstd[ri] = rs;
    }

    /** Reference RMS norm of one row. */
    public static void rmsNormRowNaive(float[] x, int p, float[] w, int wo, float[] out, int q, int c, float eps, float[] rstd, int ri) {
        float ss = 0;
        for (int i = 0; i < c; i++) ss += x[p + i] * x[p + i];
        float rs = (float) (1.0 / Math.sqrt(ss / c + eps));
        for (int i = 0; i < c; i++) out[q + i] = x[p + i] * rs * w[wo + i];
        rstd[ri] = rs;
    }
}
