package dev.autodidact.rl.train;

import dev.autodidact.autograd.Var;
import dev.autodidact.rl.loss.Dpo;
import dev.autodidact.rl.loss.Ipo;
import dev.autodidact.tensor.Tensor;

import java.util.Arrays;

/**
 * The DPO and IPO losses of algorithms-text §0.6 on tensors, averaged over P pairs. Rows
 * {@code 0..P-1} of the scored batch are the chosen responses, rows {@code P..2P-1} the rejected
 * ones in the same order; {@code log pi(y|x)} is the sum of a row's token log-probs, and the
 * margin is {@code h = [log pi(y_w) - log pi_ref(y_w)] - [log pi(y_l) - log pi_ref(y_l)]}.
 * {@link Dpo} and {@link Ipo} are the double-precision references it is tested against.
 */
public final class PreferenceLoss {
    private PreferenceLoss() {}

    /** Which preference loss. */
    public enum Kind {
        /** {@code -log sigmoid(beta h)}, computed as softplus(-beta h). */
        DPO,
        /** {@code (h - 1/(2 tau))^2}. */
        IPO
    }

    /**
     * @param loss    the mean loss over pairs, a scalar to call backward on
     * @param margins h of each pair (before the update)
     * @param chosenRewards   the implicit rewards {@code log pi(y_w) - log pi_ref(y_w)} of the chosen responses
     * @param rejectedRewards the same for the rejected responses
     */
    public record Result(Var loss, double[] margins, double[] chosenRewards, double[] rejectedRewards) {}

    /**
     * @param logp        [2P, L] policy token log-probs, chosen rows then rejected rows (differentiable)
     * @param mask        [2P, L] 1 on response tokens
     * @param refChosen   P reference log-prob sums of the chosen responses
     * @param refRejected P reference log-prob sums of the rejected responses
     * @param strength    DPO's beta or IPO's tau
     */
    public static Result compute(Kind kind, Var logp, Tensor mask, double[] refChosen, double[] refRejected, double strength) {
        int[] shape = logp.shape();
        int p = refChosen.length;
        if (shape.length != 2 || shape[0] != 2 * p || refRejected.length != p || !Arrays.equals(mask.shape(), shape))
            throw new IllegalArgumentException("PreferenceLoss: need logp and mask [2P, L] for P = " + p + " chosen and " + refRejected.length
                    + " rejected reference sums, got logp " + Arrays.toString(shape) + " and mask " + Arrays.toString(mask.shape()));
        if (p == 0) throw new IllegalArgumentException("PreferenceLoss: no pairs");
        if (!(strength > 0)) throw new IllegalArgumentException("PreferenceLoss: beta / tau must be positive, got " + strength);
        Var sums = logp.mul(Var.constant(mask)).sum(1, false);                         // [2P]: log pi(y|x)
        float[] refDiff = new float[p];
        for (int i = 0; i < p; i++) refDiff[i] = (float) (refChosen[i] - refRejected[i]);
        Var h = sums.narrow(0, 0, p).sub(sums.narrow(0, p, p)).sub(Var.constant(Tensor.of(refDiff, p)));
        Var perPair = switch (kind) {
            case DPO -> softplus(h.mul((float) -strength));
            case IPO -> h.sub((float) (1 / (2 * strength))).square();
        };
        float[] s = sums.value().contiguous().toArray(), hv = h.value().contiguous().toArray();
        double[] margins = new double[p], chosen = new double[p], rejected = new double[p];
        for (int i = 0; i < p; i++) {
            margins[i] = hv[i];
            chosen[i] = s[i] - refChosen[i];
            rejected[i] = s[p + i] - refRejected[i];
        }
        return new Result(perPair.mean(), margins, chosen, rejected);
    }

    /**
     * log(1 + e^z), smooth everywhere: above 30 it is z + log(1 + e^30) - 30 (equal in float), so
     * e^z never overflows. Not max(z, 0) + log(1 + e^-|z|): its kinks give a zero gradient at
     * z = 0, which is exactly where DPO starts (policy = reference, h = 0).
     */
    static Var softplus(Var z) {
        Var capped = z.clamp(-Float.MAX_VALUE, SOFTPLUS_LINEAR);
        return capped.exp().add(1f).log().add(z.sub(capped));
    }

    private static final float SOFTPLUS_LINEAR = 30f;
}
