package dev.autodidact.autograd.nn;

import dev.autodidact.autograd.Var;
import dev.autodidact.autograd.fused.NormOps;
import dev.autodidact.tensor.Tensor;

/** Layer norm over the last axis C with a learned scale (ones) and shift (zeros). */
public final class LayerNorm extends Module implements Layer {
    private final Parameter weight, bias;
    private final float eps;

    public LayerNorm(int dim, float eps) {
        this.weight = parameter("weight", Parameter.Role.NORM, Tensor.ones(dim));
        this.bias = parameter("bias", Parameter.Role.NORM, Tensor.zeros(dim));
        this.eps = eps;
    }

    public LayerNorm(int dim) {
        this(dim, 1e-5f);
    }

    @Override
    public Var forward(Var x) {
        return NormOps.layerNorm(x, weight.var(), bias.var(), eps);
    }

    public Parameter weight() { return weight; }
    public Parameter bias() { return bias; }
}
