package dev.autodidact.autograd.nn;

import dev.autodidact.autograd.Var;
import dev.autodidact.autograd.fused.LinearOp;
import dev.autodidact.tensor.random.Rng;

import java.util.Optional;

/** y = x·Wᵀ + b: x [..., in] → [..., out], weight [out, in], optional bias [out] (zero-initialised). */
public final class Linear extends Module implements Layer {
    private final Parameter weight;
    private final Parameter bias;  // null without bias

    public Linear(int in, int out, boolean bias, Init init, Rng rng) {
        this.weight = parameter("weight", Parameter.Role.WEIGHT, init.create(rng, out, in));
        this.bias = bias ? parameter("bias", Parameter.Role.BIAS, Init.zeros().create(rng, out)) : null;
    }

    /** PyTorch's default initialisation (uniform ±1/√in) and a bias. */
    public Linear(int in, int out, Rng rng) {
        this(in, out, true, Init.fanInUniform(), rng);
    }

    @Override
    public Var forward(Var x) {
        return LinearOp.linear(x, weight.var(), bias == null ? null : bias.var());
    }

    public Parameter weight() { return weight; }
    public Optional<Parameter> bias() { return Optional.ofNullable(bias); }
}
