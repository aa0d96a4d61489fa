package dev.autodidact.rl.train;

import dev.autodidact.autograd.Var;
import dev.autodidact.rl.loss.Aggregation;
import dev.autodidact.rl.loss.ClippedSurrogate;
import dev.autodidact.rl.loss.KlEstimator;
import dev.autodidact.rl.loss.PolicyLoss;
import dev.autodidact.tensor.Tensor;

/**
 * The GRPO-family objective of algorithms-text §0.2 on tensors, built from autograd ops so that
 * {@code loss.backward()} reaches the policy: the per-token clipped surrogate of "Proximal Policy
 * Optimization Algorithms" with separate low/high clip and the dual clip, plus
 * {@code beta * KL(pi || pi_ref)} by a per-token estimator, aggregated over response tokens.
 * {@link PolicyLoss} is the double-precision reference it is tested against, value and gradient.
 *
 * <p>Rows are responses, right-padded to L; {@code mask} [N, L] is 1 on response tokens. Padding
 * gets weight 0, so whatever the padded log-probs hold contributes neither loss nor gradient.
 */
public final class GrpoLoss {
    private GrpoLoss() {}

    /**
     * @param loss         the objective, a scalar {@link Var} to call backward on
     * @param policyLoss   the aggregated surrogate
     * @param klLoss       the aggregated KL estimate, before beta (0 when beta = 0)
     * @param clipFraction fraction of response tokens on a clipped branch (either clip)
     * @param ratioMean    mean probability ratio over response tokens
     * @param tokens       response tokens the fractions and means are over
     */
    public record Result(Var loss, double policyLoss, double klLoss, double clipFraction, double ratioMean, long tokens) {}

    /** One advantage per response spread over its L token positions: [N] -> [N, L]. */
    public static Tensor perToken(double[] advantages, int length) {
        float[] a = new float[advantages.length * length];
        for (int i = 0; i < advantages.length; i++)
            java.util.Arrays.fill(a, i * length, (i + 1) * length, (float) advantages[i]);
        return Tensor.of(a, advantages.length, length);
    }

    /**
     * @param logp       [N, L] policy log-probs of the response tokens (differentiable)
     * @param mask       [N, L] 1 on response tokens, 0 on padding
     * @param advantages [N, L] per-token advantages
     * @param logpOld    [N, L] log-probs of the policy that sampled the responses (constant)
     * @param logpRef    [N, L] log-probs of the frozen reference (constant; unused when beta = 0)
     */
    public static Result compute(Var logp, Tensor mask, Tensor advantages, Tensor logpOld, Tensor logpRef, PolicyLoss.Config cfg) {
        checkShapes(logp, mask, advantages, logpOld, logpRef);
        int n = logp.shape()[0], len = logp.shape()[1];
        float[] m = mask.contiguous().toArray();
        int[] lengths = new int[n];
        for (int i = 0; i < n; i++) for (int t = 0; t < len; t++) if (m[i * len + t] != 0) lengths[i]++;
        return compute(logp, mask, advantages, logpOld, logpRef, cfg, cfg.aggregation().tokenWeights(lengths, cfg.maxLength()));
    }

    /**
     * As {@link #compute(Var, Tensor, Tensor, Tensor, Tensor, PolicyLoss.Config)} with each
     * response's token weight given: a part of a mini-batch (run apart by
     * {@code autograd.DataParallel}) takes its rows of the weights of the whole mini-batch, so
     * the parts' losses add up to the mini-batch's.
     */
    public static Result compute(Var logp, Tensor mask, Tensor advantages, Tensor logpOld, Tensor logpRef, PolicyLoss.Config cfg,
                                 double[] perResponse) {
        checkShapes(logp, mask, advantages, logpOld, logpRef);
        int n = logp.shape()[0], len = logp.shape()[1];
        if (perResponse.length != n) throw new IllegalArgumentException("GrpoLoss: " + perResponse.length + " response weights for " + n + " responses");
        float[] m = mask.contiguous().toArray();
        Tensor weights = tokenWeights(perResponse, m, n, len);                                      // [N, L]

        Var adv = Var.constant(advantages), negAdv = adv.neg();
        Var ratio = logp.sub(Var.constant(logpOld)).exp();                                            // rho = exp(logp - logp_old)
        float lo = (float) (1 - cfg.clip().epsLow()), hi = (float) (1 + cfg.clip().epsHigh());
        Var l1 = negAdv.mul(ratio), l2 = negAdv.mul(ratio.clamp(lo, hi));
        Var surrogate = l1.maximum(l2);                                                               // ties go to l1: the unclipped branch
        surrogate = surrogate.minimum(Var.constant(dualCap(advantages, cfg.clip().dualClip())));     // dual clip for A < 0 only
        Var w = Var.constant(weights);
        Var policy = surrogate.mul(w).sum();
        Var loss = policy;
        double klValue = 0;
        if (cfg.beta() > 0) {
            Var kl = estimate(cfg.kl(), logp, Var.constant(logpRef)).mul(w).sum();
            klValue = kl.item();
            loss = policy.add(kl.mul((float) cfg.beta()));
        }

        float[] a = advantages.contiguous().toArray(), r = ratio.value().contiguous().toArray();
        long clipped = 0, tokens = 0;
        double ratioSum = 0;
        for (int k = 0; k < m.length; k++) {
            if (m[k] == 0) continue;
            tokens++;
            ratioSum += r[k];
            if (ClippedSurrogate.branch(a[k], r[k], cfg.clip()) != ClippedSurrogate.Branch.UNCLIPPED) clipped++;
        }
        return new Result(loss, policy.item(), klValue, tokens == 0 ? 0 : (double) clipped / tokens, tokens == 0 ? 1 : ratioSum / tokens, tokens);
    }

    /** The per-token KL estimate of {@link KlEstimator}, with d = logp_ref - logp. */
    static Var estimate(KlEstimator kl, Var logp, Var logpRef) {
        Var d = logpRef.sub(logp);
        return switch (kl) {
            case K1 -> d.neg();
            case K2 -> d.square().mul(0.5f);
            case K3 -> d.exp().sub(d).sub(1f).clamp((float) -KlEstimator.K3_CLAMP, (float) KlEstimator.K3_CLAMP);
            case ABS -> d.abs();
        };
    }

    /** -A * c where A < 0 (the dual-clip cap), a huge value elsewhere (no cap). */
    private static Tensor dualCap(Tensor advantages, double dualClip) {
        float[] a = advantages.contiguous().toArray(), cap = new float[a.length];
        for (int k = 0; k < a.length; k++)
            cap[k] = a[k] < 0 && Double.isFinite(dualClip) ? (float) (-a[k] * dualClip) : Float.MAX_VALUE;
        return Tensor.of(cap, advantages.shape());
    }

    private static void checkShapes(Var logp, Tensor mask, Tensor advantages, Tensor logpOld, Tensor logpRef) {
        int[] shape = logp.shape();
        if (shape.length != 2) throw new IllegalArgumentException("GrpoLoss: logp must be [N, L], got " + java.util.Arrays.toString(shape));
        for (Tensor t : new Tensor[] {mask, advantages, logpOld, logpRef})
            if (!java.util.Arrays.equals(t.shape(), shape))
                throw new IllegalArgumentException("GrpoLoss: logp is " + java.util.Arrays.toString(shape) + " but an input is " + java.util.Arrays.toString(t.shape()));
    }

    private static Tensor tokenWeights(double[] perResponse, float[] mask, int n, int len) {
        float[] w = new float[n * len];
        for (int i = 0; i < n; i++)
            for (int t = 0; t < len; t++) w[i * len + t] = mask[i * len + t] == 0 ? 0f : (float) perResponse[i];
        return Tensor.of(w, n, len);
    }
}
