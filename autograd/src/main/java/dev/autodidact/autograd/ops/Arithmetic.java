package dev.autodidact.autograd.ops;

import dev.autodidact.autograd.Var;
import dev.autodidact.tensor.Tensor;

import static dev.autodidact.autograd.ops.Broadcast.sumToShape;

/**
 * Binary arithmetic with broadcasting, each forward beside its backward; the gradient of a
 * broadcast input is summed back to its shape.
 */
public final class Arithmetic {
    private Arithmetic() {}

    /** a + b: both inputs receive g. */
    public static Var add(Var a, Var b) {
        return Var.op("add", a.value().add(b.value()), g -> {
            if (a.requiresGrad()) a.accumulate(sumToShape(g, a.shape()));
            if (b.requiresGrad()) b.accumulate(sumToShape(g, b.shape()));
        }, a, b);
    }

    /** a - b: a receives g, b receives -g. */
    public static Var sub(Var a, Var b) {
        return Var.op("sub", a.value().sub(b.value()), g -> {
            if (a.requiresGrad()) a.accumulate(sumToShape(g, a.shape()));
            if (b.requiresGrad()) b.accumulate(sumToShape(g.neg(), b.shape()));
        }, a, b);
    }

    /** a·b: a receives g·b, b receives g·a. */
    public static Var mul(Var a, Var b) {
        return Var.op("mul", a.value().mul(b.value()), g -> {
            if (a.requiresGrad()) a.accumulate(sumToShape(g.mul(b.value()), a.shape()));
            if (b.requiresGrad()) b.accumulate(sumToShape(g.mul(a.value()), b.shape()));
        }, a, b);
    }

    /** a / b: a receives g / b, b receives -g·(a/b)/b. */
    public static Var div(Var a, Var b) {
        Tensor out = a.value().div(b.value());
        return Var.op("div", out, g -> {
            Tensor gOverB = g.div(b.value());
            if (a.requiresGrad()) a.accumulate(sumToShape(gOverB, a.shape()));
            if (b.requiresGrad()) b.accumulate(sumToShape(gOverB.mul(out).neg(), b.shape()));
        }, a, b);
    }

    /** max(a, b): the gradient goes to the larger input (to a on ties). */
    public static Var maximum(Var a, Var b) {
        return select("maximum", a, b, a.value().ge(b.value()), a.value().maximum(b.value()));
    }

    /** min(a, b): the gradient goes to the smaller input (to a on ties). */
    public static Var minimum(Var a, Var b) {
        return select("minimum", a, b, a.value().le(b.value()), a.value().minimum(b.value()));
    }

    private static Var select(String name, Var a, Var b, Tensor pickA, Tensor out) {
        return Var.op(name, out, g -> {
            Tensor zero = Tensor.scalar(0f);
            if (a.requiresGrad()) a.accumulate(sumToShape(Tensor.where(pickA, g, zero), a.shape()));
            if (b.requiresGrad()) b.accumulate(sumToShape(Tensor.where(pickA, zero, g), b.shape()));
        }, a, b);
    }

    /** x + s. */
    public static Var addScalar(Var x, float s) {
        return Var.op("addScalar", x.value().add(s), x::accumulate, x);
    }

    /** x·s. */
    public static Var mulScalar(Var x, float s) {
        return Var.op("mulScalar", x.value().mul(s), g -> x.accumulate(g.mul(s)), x);
    }
}
