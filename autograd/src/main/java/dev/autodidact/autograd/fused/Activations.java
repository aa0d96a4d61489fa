package dev.autodidact.autograd.fused;

import dev.autodidact.autograd.Var;
import dev.autodidact.autograd.ops.Pointwise;
import dev.autodidact.tensor.Parallel;
import dev.autodidact.tensor.Shapes;
import dev.autodidact.tensor.Tensor;

import java.util.Arrays;

/**
 * Transformer MLP activations. GELU (tanh and erf forms) and SiLU are single pointwise nodes
 * whose backward is one fused loop ({@link Pointwise}); SwiGLU ("GLU Variants Improve
 * Transformer", Shazeer) is silu(gate) ⊙ up in one node: forward and backward each one loop,
 * with d gate = g ⊙ up ⊙ silu'(gate) and d up = g ⊙ silu(gate).
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
        Parallel.forRange(o.length, 1 << 14, (lo, hi) -> {
            for (int i = lo; i < hi; i++) {
                float a = gs[go + i];
                o[i] = (float) (a / (1 + Math.exp(-a))) * us[uo + i];
            }
        });
        return Var.op("swiglu", out, g -> {
            Tensor gcg = g.contiguous();
            float[] gg = gcg.data();
            int ggo = gcg.offset();
            Tensor dGate = Tensor.zeros(gate.shape()), dUp = Tensor.zeros(up.shape());
            float[] dg = dGate.data(), du = dUp.data();
            Parallel.forRange(o.length, 1 << 14, (lo, hi) -> {
                for (int i = lo; i < hi; i++) {
                    double a = gs[go + i], s = 1 / (1 + Math.exp(-a));
                    float gi = gg[ggo + i];
                    du[i] = (float) (gi * a * s);
                    dg[i] = (float) (gi * us[uo + i] * s * (1 + a * (1 - s)));
                }
            });
            gate.accumulate(dGate);
            up.accumulate(dUp);
        }, gate, up);
    }
}
