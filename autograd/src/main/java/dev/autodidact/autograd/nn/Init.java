package dev.autodidact.autograd.nn;

import dev.autodidact.tensor.Tensor;
import dev.autodidact.tensor.random.Rng;

/** How a parameter's initial values are drawn; the random stream is passed in explicitly. */
@FunctionalInterface
public interface Init {

    Tensor create(Rng rng, int... shape);

    /** Normal(0, std²) — GPT-2 uses std = 0.02 for every weight. */
    static Init normal(float std) {
        return (rng, shape) -> Tensor.normal(rng, 0f, std, shape);
    }

    static Init zeros() {
        return (rng, shape) -> Tensor.zeros(shape);
    }

    static Init ones() {
        return (rng, shape) -> Tensor.ones(shape);
    }

    /** Uniform in [−bound, bound). */
    static Init uniform(float bound) {
        return (rng, shape) -> Tensor.uniform(rng, -bound, bound, shape);
    }

    /** Uniform in ±1/√fanIn with fanIn = the last axis (PyTorch's default for Linear). */
    static Init fanInUniform() {
        return (rng, shape) -> {
            float bound = (float) (1 / Math.sqrt(Math.max(1, shape[shape.length - 1])));
            return Tensor.uniform(rng, -bound, bound, shape);
        };
    }

    /**
     * GPT-2's scaled residual init: normal with std / √(2·layers) for the projections that write
     * into the residual stream, so its variance does not grow with depth (two per block).
     */
    static Init scaledResidual(float std, int layers) {
        return normal((float) (std / Math.sqrt(2.0 * layers)));
    }
}
