package dev.autodidact.autograd.ops;

import dev.autodidact.autograd.Var;
import dev.autodidact.tensor.Tensor;

import static dev.autodidact.autograd.ops.Broadcast.sumToShape;

/**
 * C = op(A)·op(B) over the last two axes, batch axes broadcasting, op = transpose when flagged.
 * Backward, for the untransposed case: dA = dC·Bᵀ, dB = Aᵀ·dC; the flags only choose which
 * operand is transposed in each product, so no transposed copy is ever made.
 */
public final class MatmulOp {
    private MatmulOp() {}

    public static Var matmul(Var a, Var b, boolean ta, boolean tb) {
        Tensor out = a.value().matmul(b.value(), ta, tb);
        return Var.op("matmul", out, g -> {
            Tensor av = a.value(), bv = b.value();
            if (a.requiresGrad()) {
                Tensor da = ta ? bv.matmul(g, tb, true) : g.matmul(bv, false, !tb);
                a.accumulate(sumToShape(da, a.shape()));
            }
            if (b.requiresGrad()) b.accumulate(gradOfSecond(av, g, ta, tb, b.shape()));
        }, a, b);
    }

    /** dB; when B is one shared matrix for a batch of A's (a linear layer), one gemm over the folded batch. */
    private static Tensor gradOfSecond(Tensor a, Tensor g, boolean ta, boolean tb, int[] bShape) {
        if (bShape.length == 2 && a.dim() > 2 && !ta) {
            int k = a.size(-1), n = g.size(-1);
            Tensor a2 = a.reshape(-1, k), g2 = g.reshape(-1, n);  // [M, K], [M, N] with M = all batch rows
            return tb ? g2.matmul(a2, true, false) : a2.matmul(g2, true, false);
        }
        Tensor db = tb ? g.matmul(a, true, ta) : a.matmul(g, !ta, false);
        return sumToShape(db, bShape);
    }
}
