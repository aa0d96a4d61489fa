package dev.autodidact.transformer;

import dev.autodidact.autograd.Var;
import dev.autodidact.autograd.nn.Dropout;
import dev.autodidact.autograd.nn.Module;
import dev.autodidact.tensor.Tensor;
import dev.autodidact.tensor.random.Rng;

/** One pre-norm transformer block: x + attn(ln1(x)), then + mlp(ln2(x)). */
public final class Block extends Module {
    final Norm ln1, ln2;
    final SelfAttention attn;
    final FeedForward mlp;
    private final Dropout drop;

    Block(ModelConfig c, Rng rng, long dropoutSeed) {
        this.ln1 = child("ln1", new Norm(c));
        this.attn = child("attn", new SelfAttention(c, rng));
        this.ln2 = child("ln2", new Norm(c));
        this.mlp = child("mlp", new FeedForward(c, rng));
        this.drop = child("drop", new Dropout(c.dropout(), dropoutSeed));
    }

    public Norm ln1() { return ln1; }
    public Norm ln2() { return ln2; }
    public SelfAttention attn() { return attn; }
    public FeedForward mlp() { return mlp; }

    /** x [B, T, C] → [B, T, C]. */
    public Var forward(Var x, Tensor keyMask) {
        x = x.add(drop.forward(attn.forward(ln1.forward(x), keyMask)));
        return x.add(drop.forward(mlp.forward(ln2.forward(x))));
    }
}
