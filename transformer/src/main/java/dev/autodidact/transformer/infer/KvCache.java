package dev.autodidact.transformer.infer;

import java.util.Arrays;

/**
 * Preallocated keys and values of every layer for a fixed number of sequence slots. Values are
 * [slots, KVH, ctx, hs]; keys are stored transposed, [slots, KVH, hs, ctx], so that the decode
 * score loop q·k_j runs over consecutive positions j with one broadcast of q[d] (a vector FMA per
 * 16 positions, no horizontal sums). Each slot has its own length: the positions filled so far.
 */
public final class KvCache {
    final int slots, layers, kvHeads, ctx, hs;
    final float[][] keys;     // per layer: [slots, KVH, hs, ctx]
    final float[][] values;   // per layer: [slots, KVH, ctx, hs]
    final int[] length;       // per slot

    public KvCache(int slots, int layers, int kvHeads, int ctx, int hs) {
        this.slots = slots;
        this.layers = layers;
        this.kvHeads = kvHeads;
        this.ctx = ctx;
        this.hs = hs;
        long perLayer = (long) slots * kvHeads * ctx * hs;
        if (perLayer > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("kv cache: " + slots + " slots x " + kvHeads + " heads x " + ctx + " positions x " + hs
                    + " = " + perLayer + " floats per layer does not fit one array; sample fewer sequences at once");
        }
        this.keys = new float[layers][(int) perLayer];
        this.values = new float[layers][(int) perLayer];
        this.length = new int[slots];
    }

    public int slots() { return slots; }
    public int contextLength() { return ctx; }

    /** Positions filled in {@code slot}. */
    public int length(int slot) { return length[slot]; }

    /** Empties every slot (the arrays are kept; stale entries are never read past a slot's length). */
    public void reset() {
        Arrays.fill(length, 0);
    }

    /** Empties one slot. */
    public void reset(int slot) {
        length[slot] = 0;
    }

    /** Bytes held by the cache. */
    public long bytes() {
        return 2L * layers * keys[0].length * Float.BYTES;
    }

    /** Stores key and value head g of the token at {@code pos} of {@code slot} in layer l. */
    void put(int l, int slot, int pos, int g, float[] k, int ko, float[] v, int vo) {
        float[] kt = keys[l], vc = values[l];
        int kBase = (slot * kvHeads + g) * hs * ctx + pos, vBase = ((slot * kvHeads + g) * ctx + pos) * hs;
        for (int d = 0; d < hs; d++) kt[kBase + d * ctx] = k[ko + d];
        System.arraycopy(v, vo, vc, vBase, hs);
    }
}
