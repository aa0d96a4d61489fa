package dev.autodidact.autograd.nn;

import dev.autodidact.autograd.Var;
import dev.autodidact.autograd.fused.NormOps;
import dev.autodidact.tensor.Tensor;

/** RMS norm over the last axis C with a learned scale (ones), as in Llama. */
public final class RMSNorm extends Module implements Layer {
    private final Parameter weight;
    private final float eps;

    public RMSNorm(int dim, float eps) {
        this.weight = parameter("weight", Parameter.Role.NORM, Tensor.ones(dim));
        this.eps = eps;
    }

    public RMSNorm(int dim) {
        this(dim, 1e-6f);
    }

    @Override
    public Var forward(Var x) {
        return NormOps.rmsNorm(x, weight.var(), eps);
    }

    public Parameter weight() { return weight; }
}
