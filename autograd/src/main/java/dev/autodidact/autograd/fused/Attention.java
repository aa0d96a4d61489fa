package dev.autodidact.autograd.fused;

import dev.autodidact.autograd.Var;
import dev.autodidact.tensor.Parallel;
import dev.autodidact.tensor.Shapes;
import dev.autodidact.tensor.Tensor;
import dev.autodidact.tensor.kernel.Matmul;

import java.util.Arrays;

/**
 * Scaled dot-product attention ("Attention Is All You Need", eq. 1) in one node, with a causal
 * mask, a key padding mask and grouped-query heads ("GQA: Training Generalized Multi-Query
 * Transformer Models from Multi-Head Checkpoints"): q [B, H, T, hs], k and v [B, Hkv, T, hs]
 * with H = Hkv·G. The G query heads that share a key/value head are folded into the rows of one
 * product — q viewed as [B, Hkv, G·T, hs] — so keys and values are never copied per head and
 * their gradients come out already summed over the group.
 *
 * <p>Forward: S = q·kᵀ/√hs [B, Hkv, G·T, T]; masked entries are dropped from the softmax
 * (a row with nothing left becomes all zeros, never NaN); P = softmax(S); O = P·v.
 * Backward, from dO: dv = Pᵀ·dO; dP = dO·vᵀ; dS = P ⊙ (dP − rowsum(dP ⊙ P)); dq = dS·k/√hs;
 * dk = dSᵀ·q/√hs. P is the only saved activation ([B, Hkv, G·T, T]).
 */
public final class Attention {
    private Attention() {}

    /**
     * @param keyMask [B, T]: 1 for real tokens, 0 for padding keys nobody may attend to; or null
     * @param causal  query t attends only to keys ≤ t
     */
    public static Var attention(Var q, Var k, Var v, Tensor keyMask, boolean causal) {
        int[] qs = q.shape(), ks = k.shape();
        if (qs.length != 4 || ks.length != 4 || !Arrays.equals(ks, v.shape()) || qs[0] != ks[0] || qs[2] != ks[2] || qs[3] != ks[3]
                || ks[1] == 0 || qs[1] % ks[1] != 0) {
            throw new IllegalArgumentException("attention: q " + Shapes.format(qs) + ", k " + Shapes.format(ks) + ", v " + Shapes.format(v.shape())
                    + ": need q [B, H, T, hs] and k, v [B, Hkv, T, hs] with H a multiple of Hkv");
        }
        int b = qs[0], h = qs[1], t = qs[2], hs = qs[3], hkv = ks[1], groups = h / hkv;
        if (keyMask != null && !Arrays.equals(keyMask.shape(), new int[] {b, t})) {
            throw new IllegalArgumentException("attention: key mask " + Shapes.format(keyMask.shape()) + " must be [B, T] = [" + b + ", " + t + "]");
        }
        float scale = (float) (1 / Math.sqrt(hs));
        Tensor qf = q.value().contiguous().view(b, hkv, groups * t, hs);        // [B, Hkv, G·T, hs]
        Tensor kv = k.value(), vv = v.value();
        Tensor p = Tensor.zeros(b, hkv, groups * t, t);                          // [B, Hkv, G·T, T]
        Matmul.matmulInto(qf, kv, false, true, p, scale, 0f);
        float[] mask = keyMask == null ? null : keyMask.contiguous().toArray();
        maskedSoftmaxRows(p.data(), b, hkv * groups * t, t, mask, causal);
        Tensor o = p.matmul(vv).view(b, h, t, hs);                               // [B, H, T, hs]
        return Var.op("attention", o, g -> {
            Tensor dof = g.contiguous().view(b, hkv, groups * t, hs);            // [B, Hkv, G·T, hs]
            if (v.requiresGrad()) v.accumulate(p.matmul(dof, true, false));      // [B, Hkv, T, hs]
            if (!q.requiresGrad() && !k.requiresGrad()) return;
            Tensor ds = dof.matmul(vv, false, true);                             // dP, then dS in place
            softmaxBackwardRows(p.data(), ds.data(), b * hkv * groups * t, t);
            if (q.requiresGrad()) {
                Tensor dq = Tensor.zeros(b, hkv, groups * t, hs);
                Matmul.matmulInto(ds, kv, false, false, dq, scale, 0f);
                q.accumulate(dq.view(b, h, t, hs));
            }
            if (k.requiresGrad()) {
                Tensor dk = Tensor.zeros(b, hkv, t, hs);
                Matmul.matmulInto(ds, qf, true, false, dk, scale, 0f);
                k.accumulate(dk);
            }
        }, q, k, v);
    }

    /**
     * Softmax of each row of T scores over the keys it may see; rows are (batch, folded query row)
     * with query position = row mod T. Masked and fully-masked entries become exact zeros.
     */
    static void maskedSoftmaxRows(float[] s, int batch, int rowsPerBatch, int t, float[] keyMask, boolean causal) {
        int rows = batch * rowsPerBatch;
        Parallel.forRange(rows, Math.max(1, 4096 / Math.max(1, t)), (lo, hi) -> {
            for (int r = lo; r < hi; r++) {
                int bi = r / rowsPerBatch, query = r % t;
                RowKernels.maskedSoftmax(s, r * t, t, causal ? query + 1 : t, keyMask, bi * t);
            }
        });
    }

    /** dS = P ⊙ (dP − Σ_j dP ⊙ P), in place in dp, row by row. */
    static void softmaxBackwardRows(float[] p, float[] dp, int rows, int t) {
        Parallel.forRange(rows, Math.max(1, 4096 / Math.max(1, t)), (lo, hi) -> {
            for (int r = lo; r < hi; r++) RowKernels.softmaxBackward(p, dp, r * t, t);
        });
    }
}
