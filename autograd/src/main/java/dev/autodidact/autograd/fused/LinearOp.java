package dev.autodidact.autograd.fused;

import dev.autodidact.autograd.Var;
import dev.autodidact.tensor.Shapes;
import dev.autodidact.tensor.Tensor;
import dev.autodidact.tensor.kernel.Matmul;


/**
 * y = x·Wᵀ + b in one node: x [..., in] (N rows once the leading axes are folded), W [out, in]
 * (PyTorch layout), b [out]. The forward writes b into every row and lets one gemm accumulate
 * on top (beta = 1); the backward computes dx = g·W, dW = gᵀ·x and db = Σ_rows g, adding dW and
 * db straight into the gradient buffers of leaf parameters, so no temporary [out, in] is made.
 * The composition {@code x.matmul(w, false, true).add(b)} is the reference it is tested against.
 */
public final class LinearOp {
    private LinearOp() {}

    /** Without bias when {@code b} is null. */
    public static Var linear(Var x, Var w, Var b) {
        int[] xs = x.shape();
        if (w.dim() != 2 || xs.length == 0 || xs[xs.length - 1] != w.size(1)) {
            throw new IllegalArgumentException("linear: input " + Shapes.format(xs) + " and weight " + Shapes.format(w.shape())
                    + ": the weight must be [out, in] with in equal to the input's last axis");
        }
        int in = w.size(1), outF = w.size(0);
        if (b != null && (b.dim() != 1 || b.size(0) != outF)) {
            throw new IllegalArgumentException("linear: bias " + Shapes.format(b.shape()) + " must be [" + outF + "] for weight " + Shapes.format(w.shape()));
        }
        int[] outShape = xs.clone();
        outShape[outShape.length - 1] = outF;
        Tensor x2 = x.value().reshape(-1, in);                   // [N, in]
        int n = x2.size(0);
        Tensor y = Tensor.uninitialized(outShape);
        Tensor y2 = y.view(n, outF);                              // [N, out]
        float beta = 0f;
        if (b != null) {
            y2.copyFrom(b.value());
            beta = 1f;
        }
        Matmul.matmulInto(x2, w.value(), false, true, y2, 1f, beta);
        Var[] inputs = b == null ? new Var[] {x, w} : new Var[] {x, w, b};
        return Var.op("linear", y, g -> {
            Tensor g2 = g.reshape(n, outF);                          // [N, out]
            if (x.requiresGrad()) x.accumulateFresh(g2.matmul(w.value()).view(xs));   // [N, in]
            if (w.requiresGrad()) {
                Tensor sink = w.gradSink();
                if (sink != null) Matmul.matmulInto(g2, x2, true, false, sink, 1f, 1f);
                else w.accumulate(g2.matmul(x2, true, false));     // [out, in]
            }
            if (b != null && b.requiresGrad()) b.accumulate(g2.sum(0, false));
        }, inputs);
    }
}
