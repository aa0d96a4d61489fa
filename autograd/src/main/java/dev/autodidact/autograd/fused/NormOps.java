package dev.autodidact.autograd.fused;

import dev.autodidact.autograd.Var;
import dev.autodidact.tensor.Tensor;
import dev.autodidact.tensor.kernel.NormBackward;
import dev.autodidact.tensor.kernel.Norms;

/**
 * Layer norm and RMS norm over the last axis (C) with hand-written backward passes that reuse
 * the statistics saved by the forward kernel (mean and rstd per row; no recomputation).
 *
 * <p>With x̂ = (x − μ)·rstd and dŷ = g ⊙ w (per row of C):
 * layer norm  dx = rstd · (dŷ − mean(dŷ) − x̂ · mean(dŷ ⊙ x̂)), dw = Σ_rows g ⊙ x̂, db = Σ_rows g;
 * RMS norm (x̂ = x·rstd)  dx = rstd · (dŷ − x̂ · mean(dŷ ⊙ x̂)), dw = Σ_rows g ⊙ x̂.
 * The kernels are {@link NormBackward}'s: dx parallel over rows, dw and db over blocks of
 * columns, each summing rows in order, so the result does not depend on the thread count.
 */
public final class NormOps {
    private NormOps() {}

    /** x [..., C], weight [C], bias [C]. */
    public static Var layerNorm(Var x, Var weight, Var bias, float eps) {
        Norms.LayerNormResult r = x.value().layerNorm(weight.value(), bias.value(), eps);
        return Var.op("layerNorm", r.out(), g -> backward(x, weight, bias, r.mean(), r.rstd(), g), x, weight, bias);
    }

    /** x [..., C], weight [C]. */
    public static Var rmsNorm(Var x, Var weight, float eps) {
        Norms.RmsNormResult r = x.value().rmsNorm(weight.value(), eps);
        return Var.op("rmsNorm", r.out(), g -> backward(x, weight, null, null, r.rstd(), g), x, weight);
    }

    /** Shared backward; mean == null means RMS norm (no centering, no bias). */
    private static void backward(Var x, Var weight, Var bias, Tensor meanT, Tensor rstdT, Tensor gT) {
        Tensor xc = x.value().contiguous(), wc = weight.value().contiguous(), gc = gT.contiguous();
        int c = x.size(-1), rows = c == 0 ? 0 : x.numel() / c;
        float[] xs = xc.data(), ws = wc.data(), gs = gc.data(), rs = rstdT.contiguous().toArray();
        float[] ms = meanT == null ? null : meanT.contiguous().toArray();
        int xo = xc.offset(), wo = wc.offset(), go = gc.offset();
        if (x.requiresGrad()) {
            Tensor dx = Tensor.uninitialized(x.shape());
            NormBackward.inputGrad(xs, xo, ws, wo, gs, go, ms, rs, dx.data(), rows, c);
            x.accumulateFresh(dx);
        }
        boolean needW = weight.requiresGrad(), needB = bias != null && bias.requiresGrad();
        if (!needW && !needB) return;
        float[] dw = new float[c], db = needB ? new float[c] : null;
        NormBackward.paramGrads(xs, xo, gs, go, ms, rs, dw, db, rows, c);
        if (needW) weight.accumulate(Tensor.of(dw, c));
        if (needB) bias.accumulate(Tensor.of(db, c));
    }
}
