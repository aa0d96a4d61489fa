package dev.autodidact.autograd.nn;

import dev.autodidact.autograd.Var;

import java.util.function.UnaryOperator;

/** A parameter-free pointwise layer (relu, tanh, gelu, silu) for use in a {@link Sequential}. */
public final class Activation extends Module implements Layer {
    private final UnaryOperator<Var> f;

    private Activation(UnaryOperator<Var> f) {
        this.f = f;
    }

    public static Activation relu() { return new Activation(Var::relu); }
    public static Activation tanh() { return new Activation(Var::tanh); }
    public static Activation gelu() { return new Activation(Var::gelu); }
    public static Activation silu() { return new Activation(Var::silu); }

    @Override
    public Var forward(Var x) {
        return f.apply(x);
    }
}
