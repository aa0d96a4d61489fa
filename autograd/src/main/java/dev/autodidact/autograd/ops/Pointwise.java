package dev.autodidact.autograd.ops;

import dev.autodidact.autograd.Var;
import dev.autodidact.tensor.Parallel;
import dev.autodidact.tensor.Simd;
import dev.autodidact.tensor.Tensor;
import dev.autodidact.tensor.kernel.Erf;

/**
 * Elementwise functions of one input. The forward is the tensor kernel; the backward is one
 * fused loop per function that reads the saved input x and/or output y and the gradient g:
 * dx = g · f'(x), with f' written from y where that is cheaper (exp, tanh, sigmoid). The scalar
 * loops here are the reference; {@link PointwiseSimd} is the fast path when SIMD is enabled.
 */
public final class Pointwise {
    private Pointwise() {}

    /** The derivative rules; each reads x, y, g at one index and a parameter p. */
    enum Rule { EXP, LOG, SQRT, RSQRT, SQUARE, ABS, TANH, SIGMOID, RELU, GELU_TANH, GELU_ERF, SILU, POW, CLAMP }

    public static Var exp(Var x) { return unary("exp", Rule.EXP, x, x.value().exp(), 0, 0); }
    public static Var log(Var x) { return unary("log", Rule.LOG, x, x.value().log(), 0, 0); }
    public static Var sqrt(Var x) { return unary("sqrt", Rule.SQRT, x, x.value().sqrt(), 0, 0); }
    public static Var rsqrt(Var x) { return unary("rsqrt", Rule.RSQRT, x, x.value().rsqrt(), 0, 0); }
    public static Var square(Var x) { return unary("square", Rule.SQUARE, x, x.value().square(), 0, 0); }
    /** |x|; the gradient at exactly 0 is 0. */
    public static Var abs(Var x) { return unary("abs", Rule.ABS, x, x.value().abs(), 0, 0); }
    public static Var tanh(Var x) { return unary("tanh", Rule.TANH, x, x.value().tanh(), 0, 0); }
    public static Var sigmoid(Var x) { return unary("sigmoid", Rule.SIGMOID, x, x.value().sigmoid(), 0, 0); }
    /** max(x, 0); the gradient at exactly 0 is 0. */
    public static Var relu(Var x) { return unary("relu", Rule.RELU, x, x.value().relu(), 0, 0); }
    /** GELU, tanh approximation (GPT-2). */
    public static Var gelu(Var x) { return unary("gelu", Rule.GELU_TANH, x, x.value().gelu(), 0, 0); }
    /** GELU, exact erf form. */
    public static Var geluErf(Var x) { return unary("geluErf", Rule.GELU_ERF, x, x.value().geluErf(), 0, 0); }
    /** x·sigmoid(x). */
    public static Var silu(Var x) { return unary("silu", Rule.SILU, x, x.value().silu(), 0, 0); }
    public static Var pow(Var x, float p) { return unary("pow", Rule.POW, x, x.value().pow(p), p, 0); }
    /** min(max(x, lo), hi); gradient 1 inside [lo, hi], 0 outside. */
    public static Var clamp(Var x, float lo, float hi) { return unary("clamp", Rule.CLAMP, x, x.value().clamp(lo, hi), lo, hi); }

    private static Var unary(String name, Rule rule, Var x, Tensor y, float p, float q) {
        return Var.op(name, y, g -> x.accumulateFresh(backward(rule, x.value(), y, g, p, q)), x);
    }

    /** dx = g · f'(x) over contiguous copies, split across the worker pool. */
    static Tensor backward(Rule rule, Tensor x, Tensor y, Tensor g, float p, float q) {
        Tensor xc = x.contiguous(), yc = y.contiguous(), gc = g.contiguous();
        Tensor dx = Tensor.uninitialized(x.shape());
        float[] xs = xc.data(), ys = yc.data(), gs = gc.data(), out = dx.data();
        int xo = xc.offset(), yo = yc.offset(), go = gc.offset();
        boolean simd = Simd.enabled();
        Parallel.forRange(out.length, 1 << 14, (lo, hi) -> {
            if (simd) PointwiseSimd.derivative(rule, xs, xo, ys, yo, gs, go, out, lo, hi, p, q);
            else derivative(rule, xs, xo, ys, yo, gs, go, out, lo, hi, p, q);
        });
        return dx;
    }

    private static final float SQRT_2_OVER_PI = 0.7978845608028654f;
    private static final float GELU_C = 0.044715f;
    private static final double INV_SQRT_2PI = 0.3989422804014327;

    /** Reference-speed scalar loops, one per rule (the switch is outside the loop). */
    static void derivative(Rule rule, float[] x, int xo, float[] y, int yo, float[] g, int go, float[] out, int lo, int hi, float p, float q) {
        switch (rule) {
            case EXP -> { for (int i = lo; i < hi; i++) out[i] = g[go + i] * y[yo + i]; }
            case LOG -> { for (int i = lo; i < hi; i++) out[i] = g[go + i] / x[xo + i]; }
            case SQRT -> { for (int i = lo; i < hi; i++) out[i] = g[go + i] * 0.5f / y[yo + i]; }
            case RSQRT -> { for (int i = lo; i < hi; i++) { float v = y[yo + i]; out[i] = -0.5f * g[go + i] * v * v * v; } }
            case SQUARE -> { for (int i = lo; i < hi; i++) out[i] = 2f * g[go + i] * x[xo + i]; }
            case ABS -> { for (int i = lo; i < hi; i++) out[i] = g[go + i] * Math.signum(x[xo + i]); }
            case TANH -> { for (int i = lo; i < hi; i++) { float v = y[yo + i]; out[i] = g[go + i] * (1f - v * v); } }
            case SIGMOID -> { for (int i = lo; i < hi; i++) { float v = y[yo + i]; out[i] = g[go + i] * v * (1f - v); } }
            case RELU -> { for (int i = lo; i < hi; i++) out[i] = x[xo + i] > 0 ? g[go + i] : 0f; }
            case GELU_TANH -> {
                for (int i = lo; i < hi; i++) {
                    double v = x[xo + i];
                    double t = Math.tanh(SQRT_2_OVER_PI * (v + GELU_C * v * v * v));
                    double d = 0.5 * (1 + t) + 0.5 * v * (1 - t * t) * SQRT_2_OVER_PI * (1 + 3 * GELU_C * v * v);
                    out[i] = (float) (g[go + i] * d);
                }
            }
            case GELU_ERF -> {
                for (int i = lo; i < hi; i++) {
                    double v = x[xo + i];
                    double d = 0.5 * (1 + Erf.erf(v * 0.7071067811865476)) + v * INV_SQRT_2PI * Math.exp(-0.5 * v * v);
                    out[i] = (float) (g[go + i] * d);
                }
            }
            case SILU -> {
                for (int i = lo; i < hi; i++) {
                    double v = x[xo + i], s = 1 / (1 + Math.exp(-v));
                    out[i] = (float) (g[go + i] * s * (1 + v * (1 - s)));
                }
            }
            case POW -> { for (int i = lo; i < hi; i++) out[i] = (float) (g[go + i] * p * Math.pow(x[xo + i], p - 1)); }
            case CLAMP -> { for (int i = lo; i < hi; i++) { float v = x[xo + i]; out[i] = v >= p && v <= q ? g[go + i] : 0f; } }
        }
    }
}
