package dev.autodidact.rl.train;

import dev.autodidact.autograd.Var;
import dev.autodidact.rl.loss.ValueLoss;
import dev.autodidact.tensor.Tensor;

import java.util.Arrays;

/**
 * PPO's clipped value loss (algorithms-text §0.4) on tensors:
 * {@code 0.5 * max((V - Ret)^2, (clip(V, V_old - c, V_old + c) - Ret)^2)} averaged over every
 * response token of the batch (padding has weight 0). Over one response it is {@link ValueLoss},
 * the double-precision reference it is tested against, value and gradient.
 */
public final class ValueHeadLoss {
    private ValueHeadLoss() {}

    /**
     * @param loss         the scalar to add (times the value coefficient) to the policy loss
     * @param clipFraction fraction of response tokens where the clipped branch is the larger
     */
    public record Result(Var loss, double clipFraction) {}

    /**
     * @param values    [N, L] value-head outputs (differentiable)
     * @param mask      [N, L] 1 on response tokens
     * @param oldValues [N, L] the values when the rollout was scored (constant)
     * @param returns   [N, L] GAE returns (constant)
     * @param clip      how far V may move from V_old before its error stops counting
     */
    public static Result compute(Var values, Tensor mask, Tensor oldValues, Tensor returns, double clip) {
        double tokens = 0;
        for (float x : mask.contiguous().toArray()) tokens += x;
        if (tokens == 0) throw new IllegalArgumentException("ValueHeadLoss: the mask holds no response token");
        return compute(values, mask, oldValues, returns, clip, tokens);
    }

    /**
     * As above with the mean taken over {@code tokens} response tokens (a whole mini-batch's
     * when these rows are one part of it, run apart by {@code autograd.DataParallel}): the parts'
     * losses and clip fractions then add up to the mini-batch's.
     */
    public static Result compute(Var values, Tensor mask, Tensor oldValues, Tensor returns, double clip, double tokens) {
        int[] shape = values.shape();
        for (Tensor t : new Tensor[] {mask, oldValues, returns})
            if (!Arrays.equals(t.shape(), shape))
                throw new IllegalArgumentException("ValueHeadLoss: values are " + Arrays.toString(shape) + " but an input is " + Arrays.toString(t.shape()));
        if (!(clip > 0)) throw new IllegalArgumentException("ValueHeadLoss: clip must be positive, got " + clip);
        if (!(tokens > 0)) throw new IllegalArgumentException("ValueHeadLoss: the mean needs a positive token count, got " + tokens);
        float[] m = mask.contiguous().toArray();
        Var old = Var.constant(oldValues), ret = Var.constant(returns);
        Var clipped = values.sub(old).clamp((float) -clip, (float) clip).add(old);
        Var unclippedError = values.sub(ret).square(), clippedError = clipped.sub(ret).square();
        Var perToken = unclippedError.maximum(clippedError);
        float[] w = new float[m.length];
        for (int k = 0; k < m.length; k++) w[k] = (float) (0.5 * m[k] / tokens);
        Var loss = perToken.mul(Var.constant(Tensor.of(w, shape))).sum();

        float[] u = unclippedError.value().contiguous().toArray(), c = clippedError.value().contiguous().toArray();
        long clippedTokens = 0;
        for (int k = 0; k < m.length; k++) if (m[k] != 0 && c[k] > u[k]) clippedTokens++;
        return new Result(loss, clippedTokens / tokens);
    }
}
