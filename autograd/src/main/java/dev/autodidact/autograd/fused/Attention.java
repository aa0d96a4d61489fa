package dev.autodidact.autograd.fused;

import dev.autodidact.autograd.Var;
import dev.autodidact.tensor.Arena;
import dev.autodidact.tensor.Parallel;
import dev.autodidact.tensor.Shapes;
import dev.autodidact.tensor.Tensor;
import dev.autodidact.tensor.kernel.Matmul;

import java.util.Arrays;

/**
 * Scaled dot-product attention ("Attention Is All You Need", eq. 1) in one node, with a causal
 * mask, a key padding mask and grouped-query heads ("GQA: Training Generalized Multi-Query
 * Transformer Models from Multi-Head Checkpoints"): q [B, H, Tq, hs], k and v [B, Hkv, Tk, hs]
 * with H = Hkv·G; Tq < Tk when the queries are the last Tq positions (after a cached prefix).
 * The G query heads that share a key/value head are folded into the rows of one product — q
 * viewed as [B, Hkv, G·Tq, hs] — so keys and values are never copied per head and their
 * gradients come out already summed over the group.
 *
 * <p>Forward: S = q·kᵀ/√hs [B, Hkv, G·Tq, Tk]; masked entries are dropped from the softmax
 * (a row with nothing left becomes all zeros, never NaN); P = softmax(S); O = P·v.
 * Backward, from dO: dv = Pᵀ·dO; dP = dO·vᵀ; dS = P ⊙ (dP − rowsum(dP ⊙ P)); dq = dS·k/√hs;
 * dk = dSᵀ·q/√hs. Saved: P [B, Hkv, G·Tq, Tk] and contiguous copies of q, k, v.
 */
public final class Attention {
    private Attention() {}

    /**
     * @param keyMask [B, Tk]: 1 for real tokens, 0 for padding keys nobody may attend to; or null
     * @param causal  query i (absolute position Tk − Tq + i) attends only to keys at or before it
     */
    public static Var attention(Var q, Var k, Var v, Tensor keyMask, boolean causal) {
        int[] qs = q.shape(), ks = k.shape();
        if (qs.length != 4 || ks.length != 4 || !Arrays.equals(ks, v.shape()) || qs[0] != ks[0] || qs[3] != ks[3]
                || ks[1] == 0 || qs[1] % ks[1] != 0 || (causal && qs[2] > ks[2])) {
            throw new IllegalArgumentException("attention: q " + Shapes.format(qs) + ", k " + Shapes.format(ks) + ", v " + Shapes.format(v.shape())
                    + ": need q [B, H, Tq, hs] and k, v [B, Hkv, Tk, hs] with H a multiple of Hkv (and Tq <= Tk when causal)");
        }
        int b = qs[0], h = qs[1], tq = qs[2], hs = qs[3], hkv = ks[1], tk = ks[2], groups = h / hkv;
        if (keyMask != null && !Arrays.equals(keyMask.shape(), new int[] {b, tk})) {
            throw new IllegalArgumentException("attention: key mask " + Shapes.format(keyMask.shape()) + " must be [B, Tk] = [" + b + ", " + tk + "]");
        }
        float scale = (float) (1 / Math.sqrt(hs));
        Tensor qf = q.value().contiguous().view(b, hkv, groups * tq, hs);       // [B, Hkv, G·Tq, hs]
        // k and v are usually strided views (heads split out of a fused projection); one
        // contiguous copy each serves the two forward and the three backward products.
        Tensor kv = k.value().contiguous(), vv = v.value().contiguous();        // [B, Hkv, Tk, hs]
        Tensor p = Tensor.uninitialized(b, hkv, groups * tq, tk);                      // [B, Hkv, G·Tq, Tk]
        Matmul.matmulInto(qf, kv, false, true, p, scale, 0f);
        float[] mask = keyMask == null ? null : keyMask.contiguous().toArray();
        maskedSoftmaxRows(p.data(), b, hkv * groups * tq, tq, tk, mask, causal);
        Tensor o = p.matmul(vv).view(b, h, tq, hs);                              // [B, H, Tq, hs]
        return Var.op("attention", o, g -> {
            Tensor dof = g.contiguous().view(b, hkv, groups * tq, hs);           // [B, Hkv, G·Tq, hs]
            if (v.requiresGrad()) v.accumulateFresh(p.matmul(dof, true, false));      // [B, Hkv, Tk, hs]
            if (!q.requiresGrad() && !k.requiresGrad()) return;
            Tensor ds = dof.matmul(vv, false, true);                             // dP, then dS in place
            softmaxBackwardRows(p.data(), ds.data(), b * hkv * groups * tq, tk);
            if (q.requiresGrad()) {
                Tensor dq = Tensor.uninitialized(b, hkv, groups * tq, hs);
                Matmul.matmulInto(ds, kv, false, false, dq, scale, 0f);
                q.accumulateFresh(dq.view(b, h, tq, hs));
            }
            if (k.requiresGrad()) {
                Tensor dk = Tensor.uninitialized(b, hkv, tk, hs);
                Matmul.matmulInto(ds, qf, true, false, dk, scale, 0f);
                k.accumulateFresh(dk);
            }
            Arena.release(ds.data());  // a temporary of this rule alone
        }, q, k, v);
    }

    /**
     * Softmax of each row of Tk scores over the keys it may see; rows are (batch, folded query
     * row) with query index = row mod Tq at absolute position Tk − Tq + index. Masked and
     * fully-masked entries become exact zeros.
     */
    static void maskedSoftmaxRows(float[] s, int batch, int rowsPerBatch, int tq, int tk, float[] keyMask, boolean causal) {
        int rows = batch * rowsPerBatch, offset = tk - tq;
        Parallel.forRange(rows, Math.max(1, 4096 / Math.max(1, tk)), (lo, hi) -> {
            for (int r = lo; r < hi; r++) {
                int bi = r / rowsPerBatch, query = r % tq;
                RowKernels.maskedSoftmax(s, r * tk, tk, causal ? offset + query + 1 : tk, keyMask, bi * tk);
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
