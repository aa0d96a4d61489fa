package dev.autodidact.transformer.infer;

import dev.autodidact.autograd.nn.Linear;
import dev.autodidact.tensor.Tensor;
import dev.autodidact.tensor.kernel.BinaryOp;
import dev.autodidact.tensor.kernel.Elementwise;
import dev.autodidact.tensor.kernel.Norms;
import dev.autodidact.tensor.kernel.Sgemm;
import dev.autodidact.tensor.kernel.UnaryOp;
import dev.autodidact.transformer.Block;
import dev.autodidact.transformer.ModelConfig;
import dev.autodidact.transformer.Norm;
import dev.autodidact.transformer.Transformer;

import java.util.List;

/**
 * The inference forward of a {@link Transformer}, without autograd: new tokens of many sequences
 * are packed as rows [N, C] — the prompt tokens of a ragged batch during prefill, one token per
 * active sequence during decoding — so each projection and MLP is one gemm per layer over all
 * rows, and attention runs row by row over the {@link KvCache} ({@link DecodeAttention}).
 * A sequence lives in a cache slot; finished sequences simply stop being passed in, so they cost
 * nothing (the active set is the list of slots, compacted without moving cache memory).
 *
 * <p>All buffers are allocated once for {@code maxTokens} rows; a call with more tokens is split
 * into chunks in order (a chunk's keys and values are written before its attention runs, so the
 * causal order inside a prompt holds). Projection weights are used as transposed copies taken by
 * {@link #syncWeights} (embeddings and norms are read live). Not thread-safe: one decoder per
 * sampling thread.
 */
public final class Decoder {
    private final Transformer model;
    private final ModelConfig c;
    private final KvCache cache;
    private final int maxTokens, C, H, KVH, hs, F, V, QKV;
    // per-row buffers, [maxTokens, width]
    private final float[] x, xn, qkv, att, ff, gate, scores;
    private final int[] slotOf, posOf, identity;
    private final float[] ropeCos, ropeSin;   // [ctx, hs/2]
    private final Tensor ffT, gateT;
    private Steering steering;
    private final DecoderWeights weights;   // transposed projections, possibly shared with other decoders

    /** A vector added to the residual stream after {@code layer} blocks (activation steering; layer in 1..layers). */
    public record Steering(int layer, float[] vector) {}

    public Decoder(Transformer model, int slots, int maxTokens) {
        this(model, slots, maxTokens, null, model.config().contextLength());
    }

    /**
     * A decoder reading {@code shared} weights (taken by whoever syncs them), or its own when
     * null, whose cache holds {@code capacity} ≤ context positions per slot: a sampler knows
     * that no sequence will get longer than its prompt plus the token cap, and a cache sized
     * for the whole context was most of its memory (L: 537 MB for 64 × 65 positions used).
     */
    Decoder(Transformer model, int slots, int maxTokens, DecoderWeights shared, int capacity) {
        this.model = model;
        this.c = model.config();
        if (slots < 1 || maxTokens < 1) throw new IllegalArgumentException("decoder: need at least one slot and one token per call, got " + slots + " and " + maxTokens);
        if (capacity < 1 || capacity > c.contextLength()) {
            throw new IllegalArgumentException("decoder: cache capacity must be in [1, " + c.contextLength() + "] positions, got " + capacity);
        }
        this.C = c.dModel();
        this.H = c.heads();
        this.KVH = c.kvHeads();
        this.hs = c.headSize();
        this.F = c.ffnDim();
        this.V = c.vocabSize();
        this.QKV = (H + 2 * KVH) * hs;
        this.maxTokens = maxTokens;
        this.cache = new KvCache(slots, c.layers(), KVH, capacity, hs);
        this.x = new float[maxTokens * C];
        this.xn = new float[maxTokens * C];
        this.qkv = new float[maxTokens * QKV];
        this.att = new float[maxTokens * H * hs];
        this.ff = new float[maxTokens * F];
        this.gate = c.activation() == ModelConfig.Activation.SWIGLU ? new float[maxTokens * F] : null;
        this.scores = new float[maxTokens * H * capacity];
        this.slotOf = new int[maxTokens];
        this.posOf = new int[maxTokens];
        this.identity = new int[maxTokens];
        for (int i = 0; i < maxTokens; i++) identity[i] = i;
        this.ffT = Tensor.of(ff, maxTokens * F);
        this.gateT = gate == null ? null : Tensor.of(gate, maxTokens * F);
        this.weights = shared != null ? shared : new DecoderWeights(model);
        int half = hs / 2, ctx = c.contextLength();
        this.ropeCos = new float[ctx * half];
        this.ropeSin = new float[ctx * half];
        // Same angles, in double, as the training kernel (fused.Rope), so both paths agree.
        for (int p = 0; p < ctx; p++) {
            for (int i = 0; i < half; i++) {
                double angle = p * Math.pow(c.ropeTheta(), -2.0 * i / hs);
                ropeCos[p * half + i] = (float) Math.cos(angle);
                ropeSin[p * half + i] = (float) Math.sin(angle);
            }
        }
    }

    /**
     * Takes the model's current weights (transposed copies). Call after the parameters change
     * (the {@link Sampler} does at the start of every call); until then the decoder runs the
     * weights of the last sync.
     */
    public void syncWeights() {
        weights.sync();
    }

    public KvCache cache() { return cache; }
    public ModelConfig config() { return c; }
    public int maxTokensPerCall() { return maxTokens; }

    /** Sets (or clears, with null) the steering vector added to every new token's residual stream. */
    public void setSteering(Steering s) {
        if (s != null && (s.layer() < 1 || s.layer() > c.layers() || s.vector().length != C)) {
            throw new IllegalArgumentException("decoder: steering needs a layer in [1, " + c.layers() + "] and a vector of length C = " + C
                    + ", got layer " + s.layer() + " and length " + s.vector().length);
        }
        this.steering = s;
    }

    /**
     * Appends the prompts to empty slots {@code slots[i]} and writes the logits after each
     * prompt's last token into {@code logits} [prompts, V].
     */
    public void prefill(List<int[]> prompts, int[] slots, float[] logits) {
        int total = 0;
        for (int[] p : prompts) total += p.length;
        int[] tokens = new int[Math.min(total, maxTokens)], rows = new int[tokens.length];
        int[] wantRow = new int[tokens.length], wantOut = new int[tokens.length];
        int n = 0, m = 0;
        for (int s = 0; s < prompts.size(); s++) {
            int[] p = prompts.get(s);
            if (p.length == 0) throw new IllegalArgumentException("decoder: prompt " + s + " is empty; it needs at least one token (e.g. <bos>)");
            for (int j = 0; j < p.length; j++) {
                tokens[n] = p[j];
                rows[n] = slots[s];
                if (j == p.length - 1) {
                    wantRow[m] = n;
                    wantOut[m++] = s;
                }
                if (++n == tokens.length) {
                    forward(n, tokens, rows, m, wantRow, wantOut, logits);
                    n = 0;
                    m = 0;
                }
            }
        }
        if (n > 0) forward(n, tokens, rows, m, wantRow, wantOut, logits);
    }

    /** One new token for each of {@code n} slots; logits [n, V] in slot-list order. */
    public void step(int n, int[] slots, int[] tokens, float[] logits) {
        if (n <= maxTokens) {
            forward(n, tokens, slots, n, identity, identity, logits);   // the steady state: no allocation
            return;
        }
        int done = 0;
        int[] want = new int[Math.min(n, maxTokens)], out = new int[want.length];
        while (done < n) {
            int k = Math.min(maxTokens, n - done);
            for (int i = 0; i < k; i++) {
                want[i] = i;
                out[i] = done + i;
            }
            int[] tk = java.util.Arrays.copyOfRange(tokens, done, done + k), sl = java.util.Arrays.copyOfRange(slots, done, done + k);
            forward(k, tk, sl, k, want, out, logits);
            done += k;
        }
    }

    /**
     * The core: n ≤ maxTokens new tokens, token i appended to slot slots[i] at that slot's next
     * position (a slot's tokens in order). Logits of tokens wantRow[0..m) go to rows
     * wantOut[0..m) of {@code logits} [*, V].
     */
    public void forward(int n, int[] tokens, int[] slots, int m, int[] wantRow, int[] wantOut, float[] logits) {
        if (n > maxTokens) throw new IllegalArgumentException("decoder: " + n + " tokens in one call, more than the " + maxTokens + " buffered");
        int ctx = cache.ctx;
        for (int i = 0; i < n; i++) {
            int s = slots[i];
            if (s < 0 || s >= cache.slots) throw new IllegalArgumentException("decoder: slot " + s + " is outside [0, " + cache.slots + ")");
            if (tokens[i] < 0 || tokens[i] >= V) throw new IllegalArgumentException("decoder: token id " + tokens[i] + " is outside the vocabulary [0, " + V + ")");
            if (cache.length[s] >= ctx) {
                throw new IllegalStateException("decoder: slot " + s + " already holds " + (ctx == c.contextLength()
                        ? "the full context of " + ctx + " positions" : "the " + ctx + " positions its cache has room for"));
            }
            slotOf[i] = s;
            posOf[i] = cache.length[s]++;
        }
        embed(n, tokens);
        for (int l = 0; l < c.layers(); l++) {
            Block b = model.block(l);
            norm(b.ln1(), x, xn, n);
            linear(xn, n, b.attn().qkv(), qkv, false);                                // [n, (H+2KVH)·hs]
            if (c.positions() == ModelConfig.Positions.ROTARY) rotate(n);
            for (int i = 0; i < n; i++) {
                for (int g = 0; g < KVH; g++) {
                    int base = i * QKV;
                    cache.put(l, slotOf[i], posOf[i], g, qkv, base + (H + g) * hs, qkv, base + (H + KVH + g) * hs);
                }
            }
            DecodeAttention.attend(n, qkv, QKV, slotOf, posOf, cache, l, H, scores, att);  // [n, H·hs]
            linear(att, n, b.attn().proj(), x, true);                                   // x += att·Wᵀ + b
            norm(b.ln2(), x, xn, n);
            var mlp = b.mlp();
            linear(xn, n, mlp.up(), ff, false);                                         // [n, F]
            Tensor ffn = ffT.narrow(0, 0, n * F);
            if (gate != null) {
                linear(xn, n, mlp.gate().orElseThrow(), gate, false);
                Tensor g = gateT.narrow(0, 0, n * F);
                Elementwise.unaryInto(UnaryOp.SILU, g, 0, 0, g);
                Elementwise.binaryInto(BinaryOp.MUL, g, ffn, ffn);
            } else {
                Elementwise.unaryInto(UnaryOp.GELU_TANH, ffn, 0, 0, ffn);
            }
            linear(ff, n, mlp.down(), x, true);                                         // x += h·Wᵀ + b
            if (steering != null && steering.layer() == l + 1) {
                float[] sv = steering.vector();
                for (int i = 0; i < n; i++) for (int j = 0; j < C; j++) x[i * C + j] += sv[j];
            }
        }
        if (m == 0) return;
        // Final norm and head only for the rows whose logits are wanted: gather them into xn.
        Norm lnF = model.finalNorm();
        for (int k = 0; k < m; k++) System.arraycopy(x, wantRow[k] * C, att, k * C, C);
        norm(lnF, att, xn, m);
        boolean ordered = true;
        for (int k = 0; k < m; k++) ordered &= wantOut[k] == wantOut[0] + k;
        if (ordered) {
            Sgemm.gemm(false, false, m, V, C, 1f, xn, 0, C, weights.head(), 0, V, 0f, logits, wantOut[0] * V, V);
        } else {
            for (int k = 0; k < m; k++) Sgemm.gemm(false, false, 1, V, C, 1f, xn, k * C, C, weights.head(), 0, V, 0f, logits, wantOut[k] * V, V);
        }
    }

    private void embed(int n, int[] tokens) {
        float[] te = model.tokenEmbedding().value().data();
        float[] pe = model.positionEmbedding().map(p -> p.value().data()).orElse(null);
        for (int i = 0; i < n; i++) {
            System.arraycopy(te, tokens[i] * C, x, i * C, C);
            if (pe != null) {
                int po = posOf[i] * C, xo = i * C;
                for (int j = 0; j < C; j++) x[xo + j] += pe[po + j];
            }
        }
    }

    /** out[i] = in[i]·Wᵀ + b for n rows, or out[i] += … when {@code accumulate}. */
    private void linear(float[] in, int n, Linear layer, float[] out, boolean accumulate) {
        Tensor w = layer.weight().value();
        int o = w.size(0), k = w.size(1);
        float[] wt = weights.of(layer);   // [k, o]
        float beta = accumulate ? 1f : 0f;
        if (layer.bias().isPresent()) {
            float[] b = layer.bias().get().value().data();
            for (int i = 0; i < n; i++) {
                int r = i * o;
                if (accumulate) for (int j = 0; j < o; j++) out[r + j] += b[j];
                else System.arraycopy(b, 0, out, r, o);
            }
            beta = 1f;
        }
        Sgemm.gemm(false, false, n, o, k, 1f, in, 0, k, wt, 0, o, beta, out, 0, o);
    }

    /** LayerNorm / RMSNorm of n rows of C: the training forward's row kernels ({@link Norms#rowsInto}). */
    private void norm(Norm norm, float[] in, float[] out, int n) {
        Tensor bt = norm.biasOrNull();
        Norms.rowsInto(norm.kind() == ModelConfig.Norm.RMS_NORM, in, 0, norm.weight().data(), norm.weight().offset(),
                bt == null ? null : bt.data(), bt == null ? 0 : bt.offset(), out, 0, n, C, norm.eps());
    }

    /** Rotary positions on the q and k heads of each row, at that row's own position (rotate-half layout). */
    private void rotate(int n) {
        int half = hs / 2;
        for (int i = 0; i < n; i++) {
            int t = posOf[i] * half;
            for (int head = 0; head < H + KVH; head++) {
                int base = i * QKV + head * hs;
                for (int j = 0; j < half; j++) {
                    float cs = ropeCos[t + j], sn = ropeSin[t + j];
                    float a = qkv[base + j], bb = qkv[base + half + j];
                    qkv[base + j] = a * cs - bb * sn;
                    qkv[base + half + j] = bb * cs + a * sn;
                }
            }
        }
    }
}
