package dev.autodidact.transformer.infer;

import dev.autodidact.tensor.Parallel;
import dev.autodidact.tensor.Simd;
import dev.autodidact.tensor.kernel.VecMath;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Attention of new tokens over the KV cache, one (token, query head) at a time: token i of slot
 * s at position p attends to positions 0..p of s (causal by construction: later positions are
 * not in the cache yet or are beyond p). Query head h reads key/value head h / (H / KVH)
 * (grouped-query attention). No [B, H, T, T] score tensor and no batched small gemms: each row
 * is scores (vector FMAs over positions, keys transposed), a softmax, and a weighted sum of value
 * rows — the small products that dominate PyTorch's decode time (perf-anchors.md) become one
 * fused loop per row. Rows are independent, so the split over threads changes no bit.
 */
final class DecodeAttention {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private DecodeAttention() {}

    /**
     * @param q      query rows: head h of token i at {@code q[i*qStride + h*hs ..]}
     * @param pos    position of each token (it attends to 0..pos[i])
     * @param scores scratch of at least n·H·ctx floats
     * @param out    [n, H·hs]
     */
    static void attend(int n, float[] q, int qStride, int[] slots, int[] pos, KvCache cache, int layer, int heads,
                       float[] scores, float[] out) {
        int hs = cache.hs, ctx = cache.ctx, kvh = cache.kvHeads, group = heads / kvh;
        float scale = (float) (1 / Math.sqrt(hs));
        float[] kt = cache.keys[layer], vc = cache.values[layer];
        boolean simd = Simd.enabled();
        int longest = 1;
        for (int i = 0; i < n; i++) longest = Math.max(longest, pos[i] + 1);
        // About 4·len·hs flops per row: wake another thread only for chunks of ~1 MFLOP or more.
        int grain = Math.max(1, (1 << 20) / (4 * longest * hs));
        Parallel.forRange(n * heads, grain, (lo, hi) -> {
            for (int r = lo; r < hi; r++) {
                int i = r / heads, h = r % heads, g = h / group, len = pos[i] + 1;
                int qo = i * qStride + h * hs, so = r * ctx, oo = i * heads * hs + h * hs;
                int kBase = (slots[i] * kvh + g) * hs * ctx, vBase = (slots[i] * kvh + g) * ctx * hs;
                if (simd) row(q, qo, kt, kBase, vc, vBase, len, hs, ctx, scale, scores, so, out, oo);
                else rowNaive(q, qo, kt, kBase, vc, vBase, len, hs, ctx, scale, scores, so, out, oo);
            }
        });
    }

    /** Reference: the textbook loops. */
    static void rowNaive(float[] q, int qo, float[] kt, int kBase, float[] vc, int vBase, int len, int hs, int ctx, float scale,
                         float[] s, int so, float[] out, int oo) {
        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < len; j++) {
            float dot = 0;
            for (int d = 0; d < hs; d++) dot += q[qo + d] * kt[kBase + d * ctx + j];
            s[so + j] = dot * scale;
            max = Math.max(max, s[so + j]);
        }
        double sum = 0;
        for (int j = 0; j < len; j++) {
            s[so + j] = VecMath.exp(s[so + j] - max);
            sum += s[so + j];
        }
        float inv = (float) (1 / sum);
        for (int d = 0; d < hs; d++) out[oo + d] = 0f;
        for (int j = 0; j < len; j++) {
            float p = s[so + j] * inv;
            for (int d = 0; d < hs; d++) out[oo + d] += p * vc[vBase + j * hs + d];
        }
    }

    /**
     * Vector API version of {@link #rowNaive}. Scores: for each block of L positions one register
     * accumulator over d (hs FMAs, one store). Weighted sum: the head's output row lives in up to
     * four registers (hs ≤ 4·L and a multiple of L), so each value row costs hs/L FMAs and no
     * load/store of the output; other head sizes take the general loop.
     */
    static void row(float[] q, int qo, float[] kt, int kBase, float[] vc, int vBase, int len, int hs, int ctx, float scale,
                    float[] s, int so, float[] out, int oo) {
        int lanes = S.length();
        // Scores in whole vectors over positions, the last one masked to j < len (no scalar tail:
        // a tail of up to L − 1 positions × hs scalar FMAs was a third of the row), and their max.
        FloatVector mv = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        for (int j = 0; j < len; j += lanes) {
            VectorMask<Float> in = S.indexInRange(j, len);
            FloatVector acc = FloatVector.zero(S);
            for (int d = 0; d < hs; d++) acc = FloatVector.fromArray(S, kt, kBase + d * ctx + j, in).fma(FloatVector.broadcast(S, q[qo + d]), acc);
            acc = acc.mul(scale);
            acc.intoArray(s, so + j, in);
            mv = mv.max(acc.blend(Float.NEGATIVE_INFINITY, in.not()));
        }
        float max = mv.reduceLanes(VectorOperators.MAX);  // max is exact in any order
        VecMath.exp(s, so, max, 1f, s, so, len);
        float sum = VecMath.sum(s, so, len);
        float inv = 1f / sum;
        if (hs % lanes == 0 && hs <= 4 * lanes) {
            int regs = hs / lanes;
            FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
            for (int j = 0; j < len; j++) {
                FloatVector p = FloatVector.broadcast(S, s[so + j]);
                int vr = vBase + j * hs;
                a0 = FloatVector.fromArray(S, vc, vr).fma(p, a0);
                if (regs > 1) a1 = FloatVector.fromArray(S, vc, vr + lanes).fma(p, a1);
                if (regs > 2) a2 = FloatVector.fromArray(S, vc, vr + 2 * lanes).fma(p, a2);
                if (regs > 3) a3 = FloatVector.fromArray(S, vc, vr + 3 * lanes).fma(p, a3);
            }
            a0.mul(inv).intoArray(out, oo);
            if (regs > 1) a1.mul(inv).intoArray(out, oo + lanes);
            if (regs > 2) a2.mul(inv).intoArray(out, oo + 2 * lanes);
            if (regs > 3) a3.mul(inv).intoArray(out, oo + 3 * lanes);
            return;
        }
        int hUpper = S.loopBound(hs);
        for (int d = 0; d < hs; d++) out[oo + d] = 0f;
        for (int j = 0; j < len; j++) {
            float p = s[so + j] * inv;
            int vr = vBase + j * hs;
            FloatVector pv = FloatVector.broadcast(S, p);
            int d = 0;
            for (; d < hUpper; d += lanes) {
                FloatVector.fromArray(S, vc, vr + d).fma(pv, FloatVector.fromArray(S, out, oo + d)).intoArray(out, oo + d);
            }
            for (; d < hs; d++) out[oo + d] += p * vc[vr + d];
        }
    }
}
