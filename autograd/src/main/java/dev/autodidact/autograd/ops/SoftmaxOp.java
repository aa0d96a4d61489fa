package dev.autodidact.autograd.ops;

import dev.autodidact.autograd.Var;
import dev.autodidact.tensor.Tensor;

/**
 * Softmax and log-softmax over the last axis. With y = softmax(x):
 * dx = y ⊙ (g − Σ g⊙y); with y = log-softmax(x): dx = g − softmax(x) · Σ g.
 * Both save only their output.
 */
public final class SoftmaxOp {
    private SoftmaxOp() {}

    public static Var softmax(Var x) {
        Tensor y = x.value().softmax();
        return Var.op("softmax", y, g -> x.accumulate(y.mul(g.sub(g.mul(y).sum(-1, true)))), x);
    }

    public static Var logSoftmax(Var x) {
        Tensor y = x.value().logSoftmax();
        return Var.op("logSoftmax", y, g -> x.accumulate(g.sub(y.exp().mul(g.sum(-1, true)))), x);
    }
}
