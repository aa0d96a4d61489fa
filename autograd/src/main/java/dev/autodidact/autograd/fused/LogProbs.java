package dev.autodidact.autograd.fused;

import dev.autodidact.autograd.Var;
import dev.autodidact.tensor.IntTensor;
import dev.autodidact.tensor.Parallel;
import dev.autodidact.tensor.Shapes;
import dev.autodidact.tensor.Tensor;

import java.util.Arrays;

/**
 * log-softmax-gather: the log-probability of one chosen token per row, logits [..., V] and
 * tokens [...] → [...] — the core of every policy-gradient loss. Only the per-row log-sum-exp is
 * saved (never a [..., V] log-softmax); backward writes dx = g · (onehot(token) − softmax(x))
 * row by row from the logits and that saved scalar.
 */
public final class LogProbs {
    private LogProbs() {}

    public static Var logSoftmaxGather(Var logits, IntTensor tokens) {
        int v = checkRows("logSoftmaxGather", logits.value(), tokens);
        Tensor x = logits.value().contiguous();
        float[] xs = x.data();
        int xo = x.offset(), rows = tokens.numel();
        int[] t = tokens.data();
        float[] lse = rowLogSumExp(xs, xo, rows, v);
        float[] out = new float[rows];
        for (int r = 0; r < rows; r++) out[r] = xs[xo + r * v + t[r]] - lse[r];
        return Var.op("logSoftmaxGather", Tensor.of(out, tokens.shape()), g -> {
            float[] gs = g.contiguous().toArray();
            Tensor dx = Tensor.zeros(logits.shape());
            float[] d = dx.data();
            Parallel.forRange(rows, Math.max(1, 8192 / Math.max(1, v)), (lo, hi) -> {
                for (int r = lo; r < hi; r++) {
                    int p = r * v;
                    RowKernels.scaledSoftmax(xs, xo + p, v, lse[r], -gs[r], d, p);
                    d[p + t[r]] += gs[r];
                }
            });
            logits.accumulateFresh(dx);
        }, logits);
    }

    /** log Σ exp of each row of V values, shifted by the row maximum; parallel over rows. */
    static float[] rowLogSumExp(float[] xs, int xo, int rows, int v) {
        float[] lse = new float[rows];
        Parallel.forRange(rows, Math.max(1, 8192 / Math.max(1, v)), (lo, hi) -> {
            for (int r = lo; r < hi; r++) lse[r] = RowKernels.logSumExp(xs, xo + r * v, v);
        });
        return lse;
    }

    /** Checks logits [..., V] against tokens [...] and every token against V; returns V. */
    static int checkRows(String op, Tensor logits, IntTensor tokens) {
        int[] ls = logits.shape();
        if (ls.length != tokens.dim() + 1 || !Arrays.equals(Arrays.copyOf(ls, ls.length - 1), tokens.shape())) {
            throw new IllegalArgumentException(op + ": logits " + Shapes.format(ls) + " need tokens of shape " + Shapes.format(Arrays.copyOf(ls, Math.max(0, ls.length - 1)))
                    + ", got " + Shapes.format(tokens.shape()));
        }
        return ls[ls.length - 1];
    }
}
