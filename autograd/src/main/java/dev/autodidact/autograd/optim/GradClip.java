package dev.autodidact.autograd.optim;

import dev.autodidact.autograd.nn.Parameter;

import java.util.Collection;

/** Global gradient-norm clipping, as in "On the difficulty of training recurrent neural networks". */
public final class GradClip {
    private GradClip() {}

    /**
     * The L2 norm of all gradients together (accumulated in double, parameters in order); when it
     * exceeds {@code maxNorm}, every gradient is scaled by maxNorm / norm. A non-finite norm is
     * returned without touching the gradients, so the caller can skip the step. Parameters
     * without a gradient count as zero.
     */
    public static double clipGlobalNorm(Collection<Parameter> params, double maxNorm) {
        double ss = 0;
        for (Parameter p : params) {
            if (p.grad() == null) continue;
            for (float g : p.grad().data()) ss += (double) g * g;
        }
        double norm = Math.sqrt(ss);
        if (!Double.isFinite(norm) || norm <= maxNorm) return norm;
        float scale = (float) (maxNorm / norm);
        for (Parameter p : params) {
            if (p.grad() == null) continue;
            float[] d = p.grad().data();
            for (int i = 0; i < d.length; i++) d[i] *= scale;
        }
        return norm;
    }
}
