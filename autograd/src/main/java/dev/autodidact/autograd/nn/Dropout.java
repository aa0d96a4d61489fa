package dev.autodidact.autograd.nn;

import dev.autodidact.autograd.Var;
import dev.autodidact.autograd.fused.DropoutOp;

import java.util.Map;

/**
 * Dropout with probability p in training mode, identity in eval mode. Call k uses the mask
 * {@code Rng.derive(seed, k, ...)}; the call counter is module state, so a restored run draws
 * the same masks it would have drawn.
 */
public final class Dropout extends Module implements Layer {
    private final float p;
    private final long seed;
    private long calls;

    public Dropout(float p, long seed) {
        if (!(p >= 0f && p < 1f)) throw new IllegalArgumentException("Dropout: probability must be in [0, 1), got " + p);
        this.p = p;
        this.seed = seed;
    }

    @Override
    public Var forward(Var x) {
        if (!isTraining() || p == 0f) return x;
        return DropoutOp.dropout(x, p, seed, calls++);
    }

    public float probability() { return p; }

    @Override
    protected Map<String, Long> counters() {
        return Map.of("calls", calls);
    }

    @Override
    protected void setCounter(String name, long value) {
        if (!name.equals("calls")) super.setCounter(name, value);
        calls = value;
    }
}
