package dev.autodidact.autograd.ops;

import dev.autodidact.autograd.Var;
import dev.autodidact.tensor.IntTensor;
import dev.autodidact.tensor.Shapes;
import dev.autodidact.tensor.Tensor;

/**
 * Reductions over one axis (or all elements). Backward broadcasts the output gradient back over
 * the reduced axis: sum and mean spread it, max and min route it to the selected element,
 * variance and logsumexp weight it by their derivatives.
 */
public final class Reduce {
    private Reduce() {}

    /** Σ of all elements, as a scalar []. */
    public static Var sumAll(Var x) {
        int[] shape = x.shape();
        return Var.op("sum", x.value().sum(), g -> x.accumulate(g.expand(shape)), x);
    }

    /** Mean of all elements, as a scalar []. */
    public static Var meanAll(Var x) {
        int[] shape = x.shape();
        float inv = 1f / Math.max(1, x.numel());
        return Var.op("mean", x.value().mean(), g -> x.accumulate(g.mul(inv).expand(shape)), x);
    }

    public static Var sum(Var x, int axis, boolean keepDim) {
        int a = Shapes.axis("sum", axis, x.dim());
        int[] shape = x.shape();
        return Var.op("sum", x.value().sum(a, keepDim), g -> x.accumulate(spread(g, a, keepDim, shape)), x);
    }

    public static Var mean(Var x, int axis, boolean keepDim) {
        int a = Shapes.axis("mean", axis, x.dim());
        int[] shape = x.shape();
        float inv = 1f / Math.max(1, shape[a]);
        return Var.op("mean", x.value().mean(a, keepDim), g -> x.accumulate(spread(g.mul(inv), a, keepDim, shape)), x);
    }

    /** Maximum along an axis; the gradient goes to the first maximal element. */
    public static Var max(Var x, int axis, boolean keepDim) {
        int a = Shapes.axis("max", axis, x.dim());
        return extreme("max", x, a, keepDim, x.value().max(a, keepDim), x.value());
    }

    /** Minimum along an axis; the gradient goes to the first minimal element. */
    public static Var min(Var x, int axis, boolean keepDim) {
        int a = Shapes.axis("min", axis, x.dim());
        return extreme("min", x, a, keepDim, x.value().min(a, keepDim), x.value().neg());
    }

    private static Var extreme(String name, Var x, int a, boolean keepDim, Tensor out, Tensor scoreForArgmax) {
        if (!Var.needsGrad(x)) return Var.op(name, out, g -> {}, x);
        IntTensor arg = scoreForArgmax.argmax(a, false);
        int[] shape = x.shape();
        return Var.op(name, out, g -> x.accumulate(scatterAlong(g, arg, a, shape)), x);
    }

    /** Variance along an axis: d var / d x_i = 2 (x_i - mean) / (n - correction). */
    public static Var var(Var x, int axis, boolean keepDim, int correction) {
        int a = Shapes.axis("var", axis, x.dim());
        int[] shape = x.shape();
        float scale = 2f / Math.max(1, shape[a] - correction);
        return Var.op("var", x.value().var(a, keepDim, correction), g -> {
            Tensor centered = x.value().sub(x.value().mean(a, true));
            x.accumulate(centered.mul(spread(g, a, keepDim, shape)).mul(scale));
        }, x);
    }

    /** log Σ exp along an axis: the gradient is g · softmax(x) along that axis. */
    public static Var logsumexp(Var x, int axis, boolean keepDim) {
        int a = Shapes.axis("logsumexp", axis, x.dim());
        int[] shape = x.shape();
        Tensor out = x.value().logsumexp(a, keepDim);
        return Var.op("logsumexp", out, g -> {
            Tensor lse = keepDim ? out : out.unsqueeze(a);
            Tensor p = x.value().sub(lse).exp();
            x.accumulate(p.mul(spread(g, a, keepDim, shape)));
        }, x);
    }

    /** g with the reduced axis restored (as size 1) and expanded back to {@code shape}. */
    static Tensor spread(Tensor g, int axis, boolean keepDim, int[] shape) {
        return (keepDim ? g : g.unsqueeze(axis)).expand(shape);
    }

    /** Zeros of {@code shape} with g placed at index arg along the axis. */
    static Tensor scatterAlong(Tensor g, IntTensor arg, int axis, int[] shape) {
        Tensor out = Tensor.zeros(shape);
        float[] o = out.data();
        float[] gv = g.contiguous().toArray();
        int r = shape[axis], inner = Shapes.product(shape, axis + 1, shape.length);
        int[] idx = arg.data();
        for (int j = 0; j < idx.length; j++) {
            int outer = j / inner, i = j % inner;
            o[(outer * r + idx[j]) * inner + i] = gv[j];
        }
        return out;
    }
}
