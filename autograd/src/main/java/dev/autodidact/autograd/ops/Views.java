package dev.autodidact.autograd.ops;

import dev.autodidact.autograd.Var;
import dev.autodidact.tensor.Shapes;
import dev.autodidact.tensor.Tensor;

/**
 * Views share the input's storage; each backward maps the gradient back onto the input's shape:
 * the inverse view for reshape/permute/squeeze, an accumulation into the viewed region of the
 * input's gradient for narrow/slice/select (several slices of one input share one gradient
 * buffer), and a sum over the broadcast axes for expand.
 */
public final class Views {
    private Views() {}

    public static Var reshape(Var x, int... shape) {
        int[] in = x.shape();
        return Var.op("reshape", x.value().reshape(shape), g -> x.accumulate(g.reshape(in)), x);
    }

    public static Var permute(Var x, int... axes) {
        int[] inverse = new int[axes.length];
        Tensor out = x.value().permute(axes);
        for (int i = 0; i < axes.length; i++) inverse[Shapes.axis("permute", axes[i], axes.length)] = i;
        return Var.op("permute", out, g -> x.accumulate(g.permute(inverse)), x);
    }

    public static Var transpose(Var x, int a, int b) {
        return Var.op("transpose", x.value().transpose(a, b), g -> x.accumulate(g.transpose(a, b)), x);
    }

    public static Var narrow(Var x, int axis, int start, int length) {
        Tensor out = x.value().narrow(axis, start, length);
        return Var.op("narrow", out, g -> x.accumulateRegion(dx -> dx.narrow(axis, start, length), g), x);
    }

    public static Var slice(Var x, int axis, int start, int end, int step) {
        Tensor out = x.value().slice(axis, start, end, step);
        return Var.op("slice", out, g -> x.accumulateRegion(dx -> dx.slice(axis, start, end, step), g), x);
    }

    public static Var select(Var x, int axis, int index) {
        Tensor out = x.value().select(axis, index);
        return Var.op("select", out, g -> x.accumulateRegion(dx -> dx.select(axis, index), g), x);
    }

    public static Var expand(Var x, int... shape) {
        int[] in = x.shape();
        return Var.op("expand", x.value().expand(shape), g -> x.accumulate(Broadcast.sumToShape(g, in)), x);
    }

    public static Var squeeze(Var x, int axis) {
        int a = Shapes.axis("squeeze", axis, x.dim());
        return Var.op("squeeze", x.value().squeeze(a), g -> x.accumulate(g.unsqueeze(a)), x);
    }

    public static Var unsqueeze(Var x, int axis) {
        int a = axis < 0 ? axis + x.dim() + 1 : axis;
        return Var.op("unsqueeze", x.value().unsqueeze(a), g -> x.accumulate(g.squeeze(a)), x);
    }

    /** A contiguous copy (or x's own value when already contiguous); the gradient passes through. */
    public static Var contiguous(Var x) {
        return Var.op("contiguous", x.value().contiguous(), x::accumulate, x);
    }
}
