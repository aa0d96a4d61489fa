package dev.autodidact.autograd.fused;

import dev.autodidact.autograd.Var;
import dev.autodidact.tensor.IntTensor;
import dev.autodidact.tensor.Parallel;
import dev.autodidact.tensor.Shapes;
import dev.autodidact.tensor.Tensor;

import java.util.Arrays;

/**
 * Softmax cross-entropy from logits [..., V] and targets [...], with an ignore index (padding,
 * prompt tokens) and optional per-token weights [...]. Per token i (not ignored):
 * ℓᵢ = wᵢ · (lseᵢ − xᵢ[tᵢ]); MEAN divides Σℓᵢ by Σwᵢ over the kept tokens, SUM does not, NONE
 * returns every ℓᵢ (0 for ignored tokens). Only the per-row log-sum-exp is saved; backward is
 * dx = cᵢ · (softmax(xᵢ) − onehot(tᵢ)) with cᵢ = wᵢ·g (÷ Σw for MEAN), written row by row.
 */
public final class CrossEntropy {
    private CrossEntropy() {}

    public enum Reduction { MEAN, SUM, NONE }

    /** Mean over all tokens, nothing ignored, no weights. */
    public static Var loss(Var logits, IntTensor targets) {
        return loss(logits, targets, Integer.MIN_VALUE, null, Reduction.MEAN);
    }

    /**
     * @param ignoreIndex targets equal to it contribute nothing (use a value outside [0, V) to ignore none)
     * @param weights     per-token weights of the targets' shape, or null for all ones
     */
    public static Var loss(Var logits, IntTensor targets, int ignoreIndex, Tensor weights, Reduction reduction) {
        int v = LogProbs.checkRows("crossEntropy", logits.value(), targets);
        if (weights != null && !Arrays.equals(weights.shape(), targets.shape())) {
            throw new IllegalArgumentException("crossEntropy: weights " + Shapes.format(weights.shape()) + " must match targets " + Shapes.format(targets.shape()));
        }
        Tensor x = logits.value().contiguous();
        float[] xs = x.data();
        int xo = x.offset(), rows = targets.numel();
        int[] t = targets.data();
        float[] w = new float[rows];
        float[] ws = weights == null ? null : weights.contiguous().toArray();
        double wsum = 0;
        for (int r = 0; r < rows; r++) {
            if (t[r] == ignoreIndex) continue;
            if (t[r] < 0 || t[r] >= v) throw new IndexOutOfBoundsException("crossEntropy: target " + t[r] + " at position " + r + " is outside [0, " + v + ") and is not the ignore index " + ignoreIndex);
            w[r] = ws == null ? 1f : ws[r];
            wsum += w[r];
        }
        float[] lse = LogProbs.rowLogSumExp(xs, xo, rows, v);
        float[] per = new float[rows];
        double total = 0;
        for (int r = 0; r < rows; r++) {
            if (w[r] == 0f) continue;
            per[r] = w[r] * (lse[r] - xs[xo + r * v + t[r]]);
            total += per[r];
        }
        // MEAN over zero kept weight is 0 (a batch of only padding), not NaN.
        float norm = reduction == Reduction.MEAN ? (wsum == 0 ? 0f : (float) (1 / wsum)) : 1f;
        Tensor out = switch (reduction) {
            case NONE -> Tensor.of(per, targets.shape());
            case SUM -> Tensor.scalar((float) total);
            case MEAN -> Tensor.scalar((float) (total * norm));
        };
        return Var.op("crossEntropy", out, g -> {
            float[] gs = g.contiguous().toArray();
            Tensor dx = Tensor.zeros(logits.shape());
            float[] d = dx.data();
            Parallel.forRange(rows, Math.max(1, 8192 / Math.max(1, v)), (lo, hi) -> {
                for (int r = lo; r < hi; r++) {
                    if (w[r] == 0f) continue;
                    float c = w[r] * norm * (reduction == Reduction.NONE ? gs[r] : gs[0]);
                    int p = r * v;
                    RowKernels.scaledSoftmax(xs, xo + p, v, lse[r], c, d, p);
                    d[p + t[r]] -= c;
                }
            });
            logits.accumulateFresh(dx);
        }, logits);
    }
}
