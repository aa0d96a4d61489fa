package dev.autodidact.autograd.fused;

import dev.autodidact.autograd.Var;
import dev.autodidact.autograd.ops.Pointwise;
import dev.autodidact.tensor.Parallel;
import dev.autodidact.tensor.Simd;
import dev.autodidact.tensor.Shapes;
import dev.autodidact.tensor.Tensor;

import java.util.Arrays;

import dev.autodidact.tensor.kernel.Scratch;
import dev.autodidact.tensor.kernel.VecMath;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Transformer MLP activations. GELU (tanh and erf forms) and SiLU are single pointwise nodes
 * whose backward is one fused loop ({@link Pointwise}); SwiGLU ("GLU Variants Improve
 * Transformer", Shazeer) is silu(gate) ⊙ up in one node: forward and backward each one loop,
 * with d gate = g ⊙ up ⊙ silu'(gate) and d up = g ⊙ silu(gate); plain loops are the reference
 * for the Vector API loops.
 */
public final class Activations {
    private Activations() {}

    public static Var gelu(Var x) { return Pointwise.gelu(x); }
    public static Var geluErf(Var x) { return Pointwise.geluErf(x); }
    public static Var silu(Var x) { return Pointwise.silu(x); }

    /** silu(gate) ⊙ up; gate and up have the same shape [..., H]. */
    public static Var swiglu(Var gate, Var up) {
        if (!Arrays.equals(gate.shape(), up.shape())) {
            throw new IllegalArgumentException("swiglu: gate " + Shapes.format(gate.shape()) + " and up " + Shapes.format(up.shape()) + " must have the same shape");
        }
        Tensor gc = gate.value().contiguous(), uc = up.value().contiguous();
        float[] gs = gc.data(), us = uc.data();
        int go = gc.offset(), uo = uc.offset();
        Tensor out = Tensor.zeros(gate.shape());
        float[] o = out.data();
        boolean simd = Simd.enabled();
        Parallel.forRange(o.length, 1 << 14, (lo, hi) -> {
            if (simd) swigluForwardSimd(gs, go, us, uo, o, lo, hi);
            else swigluForwardNaive(gs, go, us, uo, o, lo, hi);
        });
        return Var.op("swiglu", out, g -> {
            Tensor gcg = g.contiguous();
            float[] gg = gcg.data();
            int ggo = gcg.offset();
            Tensor dGate = Tensor.zeros(gate.shape()), dUp = Tensor.zeros(up.shape());
            float[] dg = dGate.data(), du = dUp.data();
            Parallel.forRange(o.length, 1 << 14, (lo, hi) -> {
                if (simd) swigluBackwardSimd(gs, go, us, uo, gg, ggo, dg, du, lo, hi);
                else swigluBackwardNaive(gs, go, us, uo, gg, ggo, dg, du, lo, hi);
            });
            gate.accumulateFresh(dGate);
            up.accumulateFresh(dUp);
        }, gate, up);
    }

    /** Reference: o = silu(a)·u. */
    static void swigluForwardNaive(float[] a, int ao, float[] u, int uo, float[] o, int lo, int hi) {
        for (int i = lo; i < hi; i++) {
            float x = a[ao + i];
            o[i] = (float) (x / (1 + Math.exp(-x))) * u[uo + i];
        }
    }

    /** Reference: d up = g·silu(a), d gate = g·u·s·(1 + a(1 − s)) with s = sigmoid(a). */
    static void swigluBackwardNaive(float[] a, int ao, float[] u, int uo, float[] g, int go, float[] dg, float[] du, int lo, int hi) {
        for (int i = lo; i < hi; i++) {
            double x = a[ao + i], s = 1 / (1 + Math.exp(-x));
            float gi = g[go + i];
            du[i] = (float) (gi * x * s);
            dg[i] = (float) (gi * u[uo + i] * s * (1 + x * (1 - s)));
        }
    }

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final FloatVector ONE = FloatVector.broadcast(S, 1f);

    // SIMD: per block, e^{−gate} through VecMath's row exp into a scratch block, then one pass
    // (no vector crosses a method call; see VecMath). Scalar tails use the same float ops.

    static void swigluForwardSimd(float[] a, int ao, float[] u, int uo, float[] o, int lo, int hi) {
        float[] t = Scratch.block(Scratch.FIRST);
        for (int b = lo; b < hi; b += Scratch.BLOCK) {
            int len = Math.min(Scratch.BLOCK, hi - b), bound = S.loopBound(len), i = 0;
            VecMath.exp(a, ao + b, 0f, -1f, t, 0, len);   // e^{−gate}: (x − 0)·(−1) is −x exactly
            for (; i < bound; i += S.length()) {
                FloatVector x = FloatVector.fromArray(S, a, ao + b + i);
                FloatVector s = ONE.div(FloatVector.fromArray(S, t, i).add(1f));
                x.mul(s).mul(FloatVector.fromArray(S, u, uo + b + i)).intoArray(o, b + i);
            }
            for (; i < len; i++) {
                float s = 1f / (t[i] + 1f);
                o[b + i] = a[ao + b + i] * s * u[uo + b + i];
            }
        }
    }

    static void swigluBackwardSimd(float[] a, int ao, float[] u, int uo, float[] g, int go, float[] dg, float[] du, int lo, int hi) {
        float[] t = Scratch.block(Scratch.FIRST);
        for (int b = lo; b < hi; b += Scratch.BLOCK) {
            int len = Math.min(Scratch.BLOCK, hi - b), bound = S.loopBound(len), i = 0;
            VecMath.exp(a, ao + b, 0f, -1f, t, 0, len);   // e^{−gate}: (x − 0)·(−1) is −x exactly
            for (; i < bound; i += S.length()) {
                FloatVector x = FloatVector.fromArray(S, a, ao + b + i), gv = FloatVector.fromArray(S, g, go + b + i);
                FloatVector s = ONE.div(FloatVector.fromArray(S, t, i).add(1f));
                gv.mul(x).mul(s).intoArray(du, b + i);
                gv.mul(FloatVector.fromArray(S, u, uo + b + i)).mul(s).mul(x.mul(ONE.sub(s)).add(1f)).intoArray(dg, b + i);
            }
            for (; i < len; i++) {
                float x = a[ao + b + i], gi = g[go + b + i], s = 1f / (t[i] + 1f);
                du[b + i] = gi * x * s;
                dg[b + i] = gi * u[uo + b + i] * s * (x * (1f - s) + 1f);
            }
        }
    }
}
