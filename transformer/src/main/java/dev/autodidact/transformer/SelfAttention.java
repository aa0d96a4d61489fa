package dev.autodidact.transformer;

import dev.autodidact.autograd.Var;
import dev.autodidact.autograd.fused.Attention;
import dev.autodidact.autograd.fused.Rope;
import dev.autodidact.autograd.nn.Init;
import dev.autodidact.autograd.nn.Linear;
import dev.autodidact.autograd.nn.Module;
import dev.autodidact.tensor.Tensor;
import dev.autodidact.tensor.random.Rng;

/**
 * Causal multi-head self-attention with grouped-query heads and optional rotary positions,
 * for the training forward (through autograd). One fused projection qkv [(H + 2·KVH)·hs, C]
 * whose output rows are all query heads, then all key heads, then all value heads.
 */
public final class SelfAttention extends Module {
    private final ModelConfig c;
    final Linear qkv, proj;

    SelfAttention(ModelConfig c, Rng rng) {
        this.c = c;
        int hs = c.headSize(), width = (c.heads() + 2 * c.kvHeads()) * hs;
        this.qkv = child("qkv", new Linear(c.dModel(), width, c.bias(), Init.normal(c.initStd()), rng));
        this.proj = child("proj", new Linear(c.heads() * hs, c.dModel(), c.bias(), Init.scaledResidual(c.initStd(), c.layers()), rng));
    }

    /** The fused projection: weight [(H + 2·KVH)·hs, C]. */
    public Linear qkv() { return qkv; }
    /** The output projection: weight [C, H·hs]. */
    public Linear proj() { return proj; }

    /** x [B, T, C], keyMask [B, T] (1 = real token) or null → [B, T, C]. */
    public Var forward(Var x, Tensor keyMask) {
        int b = x.size(0), t = x.size(1), h = c.heads(), kvh = c.kvHeads(), hs = c.headSize();
        Var y = qkv.forward(x);                                                             // [B, T, (H+2KVH)·hs]
        Var q = HeadSplit.heads(y, 0, h, hs);                                               // [B, H, T, hs]
        Var k = HeadSplit.heads(y, h, kvh, hs);                                             // [B, KVH, T, hs]
        Var v = HeadSplit.heads(y, h + kvh, kvh, hs);                                       // [B, KVH, T, hs]
        if (c.positions() == ModelConfig.Positions.ROTARY) {
            q = Rope.apply(q, 0, c.ropeTheta());
            k = Rope.apply(k, 0, c.ropeTheta());
        }
        Var o = Attention.attention(q, k, v, keyMask, true);                                // [B, H, T, hs]
        return proj.forward(o.permute(0, 2, 1, 3).reshape(b, t, h * hs));                  // [B, T, C]
    }
}
