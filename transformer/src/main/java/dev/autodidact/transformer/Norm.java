package dev.autodidact.transformer;

import dev.autodidact.autograd.Var;
import dev.autodidact.autograd.fused.NormOps;
import dev.autodidact.autograd.nn.Module;
import dev.autodidact.autograd.nn.Parameter;
import dev.autodidact.tensor.Tensor;

/**
 * The normalisation a {@link ModelConfig} asks for, over the last axis C: LayerNorm (with a bias
 * only when the config has biases) or RMSNorm. Parameters "weight" [C] (ones) and "bias" [C] (zeros).
 */
public final class Norm extends Module {
    private final ModelConfig.Norm kind;
    private final Parameter weight, bias;   // bias null for RMSNorm and bias-free LayerNorm
    private final float eps;

    public Norm(ModelConfig c) {
        this.kind = c.norm();
        this.eps = c.normEps();
        this.weight = parameter("weight", Parameter.Role.NORM, Tensor.ones(c.dModel()));
        this.bias = kind == ModelConfig.Norm.LAYER_NORM && c.bias() ? parameter("bias", Parameter.Role.NORM, Tensor.zeros(c.dModel())) : null;
    }

    /** x [..., C] → [..., C]. */
    public Var forward(Var x) {
        if (kind == ModelConfig.Norm.RMS_NORM) return NormOps.rmsNorm(x, weight.var(), eps);
        // A bias-free LayerNorm is a LayerNorm with a constant zero bias.
        Var b = bias != null ? bias.var() : Var.constant(Tensor.zeros(weight.numel()));
        return NormOps.layerNorm(x, weight.var(), b, eps);
    }

    public ModelConfig.Norm kind() { return kind; }
    public float eps() { return eps; }
    public Tensor weight() { return weight.value(); }
    /** The bias [C], or null when this norm has none. */
    public Tensor biasOrNull() { return bias == null ? null : bias.value(); }
}
