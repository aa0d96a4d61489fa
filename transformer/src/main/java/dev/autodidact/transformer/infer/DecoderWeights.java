package dev.autodidact.transformer.infer;

import dev.autodidact.autograd.nn.Linear;
import dev.autodidact.tensor.Tensor;
import dev.autodidact.transformer.Block;
import dev.autodidact.transformer.ModelConfig;
import dev.autodidact.transformer.Transformer;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Transposed copies Wᵀ [in, out] of every projection and of the LM head, taken by {@link #sync}:
 * the decode gemm then packs its B operand from contiguous rows instead of a strided transpose
 * on every step. One set can serve several {@link Decoder}s (the groups of a sequence-parallel
 * {@link Sampler}), which only read it.
 */
final class DecoderWeights {
    private final Transformer model;
    private final Map<Linear, float[]> transposed = new IdentityHashMap<>();
    private float[] head;   // [C, V]

    DecoderWeights(Transformer model) {
        this.model = model;
        sync();
    }

    /** Takes the model's current weights. */
    void sync() {
        ModelConfig c = model.config();
        for (int l = 0; l < c.layers(); l++) {
            Block b = model.block(l);
            sync(b.attn().qkv());
            sync(b.attn().proj());
            sync(b.mlp().up());
            sync(b.mlp().down());
            b.mlp().gate().ifPresent(this::sync);
        }
        head = transpose(model.headWeight().value(), head);
    }

    /** Wᵀ of {@code layer}, [in, out]. */
    float[] of(Linear layer) {
        return transposed.get(layer);
    }

    /** The head's Wᵀ, [C, V]. */
    float[] head() {
        return head;
    }

    private void sync(Linear layer) {
        transposed.put(layer, transpose(layer.weight().value(), transposed.get(layer)));
    }

    /** w [out, in] → [in, out], into {@code into} when it has the size; blocked for cache locality. */
    static float[] transpose(Tensor w, float[] into) {
        int o = w.size(0), k = w.size(1);
        float[] src = w.contiguous().data(), dst = into != null && into.length == o * k ? into : new float[o * k];
        int off = w.contiguous().offset();
        for (int i0 = 0; i0 < o; i0 += 32) {
            for (int j0 = 0; j0 < k; j0 += 32) {
                for (int i = i0; i < Math.min(o, i0 + 32); i++) {
                    for (int j = j0; j < Math.min(k, j0 + 32); j++) dst[j * o + i] = src[off + i * k + j];
                }
            }
        }
        return dst;
    }
}
