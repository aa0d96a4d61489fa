package dev.autodidact.transformer;

import dev.autodidact.autograd.Var;
import dev.autodidact.autograd.fused.Activations;
import dev.autodidact.autograd.nn.Init;
import dev.autodidact.autograd.nn.Linear;
import dev.autodidact.autograd.nn.Module;
import dev.autodidact.tensor.random.Rng;

/** The position-wise MLP: down(gelu(up(x))) for GPT-2 style, down(silu(gate(x)) ⊙ up(x)) for SwiGLU. */
public final class FeedForward extends Module {
    private final ModelConfig c;
    final Linear gate, up, down;   // gate null without SwiGLU

    FeedForward(ModelConfig c, Rng rng) {
        this.c = c;
        Init w = Init.normal(c.initStd());
        this.gate = c.activation() == ModelConfig.Activation.SWIGLU ? child("gate", new Linear(c.dModel(), c.ffnDim(), false, w, rng)) : null;
        this.up = child("up", new Linear(c.dModel(), c.ffnDim(), c.bias(), w, rng));
        this.down = child("down", new Linear(c.ffnDim(), c.dModel(), c.bias(), Init.scaledResidual(c.initStd(), c.layers()), rng));
    }

    /** The SwiGLU gate [F, C], absent for GELU. */
    public java.util.Optional<Linear> gate() { return java.util.Optional.ofNullable(gate); }
    public Linear up() { return up; }
    public Linear down() { return down; }

    /** x [B, T, C] → [B, T, C] through [B, T, F]. */
    public Var forward(Var x) {
        Var hidden = gate != null ? Activations.swiglu(gate.forward(x), up.forward(x)) : Activations.gelu(up.forward(x));
        return down.forward(hidden);
    }
}
