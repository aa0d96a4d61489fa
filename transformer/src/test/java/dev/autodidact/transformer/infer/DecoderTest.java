package dev.autodidact.transformer.infer;

import dev.autodidact.autograd.NoGrad;
import dev.autodidact.tensor.IntTensor;
import dev.autodidact.tensor.Simd;
import dev.autodidact.tensor.Tensor;
import dev.autodidact.tensor.random.Rng;
import dev.autodidact.transformer.ModelConfig;
import dev.autodidact.transformer.Transformer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The cached incremental forward must reproduce the full training forward. */
class DecoderTest {
    static final ModelConfig GPT = ModelConfig.gpt2Style(29, 48, 2, 4, 24);
    static final ModelConfig LLAMA = ModelConfig.llamaStyle(29, 48, 2, 4, 2, 24);
    /** Logits are O(1); float32 sums in a different order differ by ~1e-6, so 1e-4 is a wide but meaningful bound. */
    static final float TOL = 1e-4f;

    @Test
    void kvCacheMatchesFullForwardForMixedPromptLengthsGpt2Style() {
        kvCacheMatchesFullForward(GPT, 8);
    }

    @Test
    void kvCacheMatchesFullForwardForMixedPromptLengthsLlamaStyle() {
        kvCacheMatchesFullForward(LLAMA, 8);
    }

    @Test
    void kvCacheMatchesFullForwardWhenPrefillIsSplitIntoChunks() {
        kvCacheMatchesFullForward(LLAMA, 3);
    }

    /**
     * Prompts of lengths 5, 1, 9; then 6 decode steps in which sequence 1 stops after 2 steps
     * (leaves the active set); every step's logits are compared with a full forward of the
     * sequence so far, at its last position.
     */
    private static void kvCacheMatchesFullForward(ModelConfig c, int maxTokens) {
        Transformer m = new Transformer(c, 11);
        perturbNorms(m);
        Rng rng = Rng.of(3);
        List<int[]> seqs = new ArrayList<>();
        for (int len : new int[] {5, 1, 9}) {
            int[] p = new int[len];
            for (int i = 0; i < len; i++) p[i] = rng.nextInt(c.vocabSize());
            seqs.add(p);
        }
        Decoder d = new Decoder(m, 3, maxTokens);
        int v = c.vocabSize();
        float[] logits = new float[3 * v];
        d.prefill(seqs, new int[] {0, 1, 2}, logits);
        for (int s = 0; s < 3; s++) assertRowMatches(m, seqs.get(s), logits, s, "prefill of sequence " + s);
        for (int step = 0; step < 6; step++) {
            int[] slots = step < 2 ? new int[] {0, 1, 2} : new int[] {0, 2};
            int[] tokens = new int[slots.length];
            for (int a = 0; a < slots.length; a++) {
                tokens[a] = rng.nextInt(v);
                int[] old = seqs.get(slots[a]);
                int[] grown = java.util.Arrays.copyOf(old, old.length + 1);
                grown[old.length] = tokens[a];
                seqs.set(slots[a], grown);
            }
            d.step(slots.length, slots, tokens, logits);
            for (int a = 0; a < slots.length; a++) assertRowMatches(m, seqs.get(slots[a]), logits, a, "step " + step + ", slot " + slots[a]);
        }
        assertEquals(15, d.cache().length(2));
    }

    /** Norm weights of ones would hide a norm applied with the wrong weight; make them distinct. */
    static void perturbNorms(Transformer m) {
        Rng r = Rng.of(9);
        m.parameterTensors().forEach((name, t) -> {
            if (name.contains("ln") || name.endsWith(".bias")) {
                float[] d = t.data();
                for (int i = 0; i < d.length; i++) d[i] += 0.3f * (r.nextFloat() - 0.5f);
            }
        });
    }

    private static void assertRowMatches(Transformer m, int[] seq, float[] logits, int row, String what) {
        int v = m.config().vocabSize();
        try (var ng = NoGrad.enter()) {
            Tensor full = m.forward(IntTensor.of(seq, 1, seq.length), null).value();   // [1, T, V]
            for (int j = 0; j < v; j++) {
                assertEquals(full.get(0, seq.length - 1, j), logits[row * v + j], TOL, what + ", vocab entry " + j);
            }
        }
    }

    @Test
    void vectorAndNaiveDecodeAttentionAgree() {
        Rng r = Rng.of(5);
        int ctx = 80;
        for (int hs : new int[] {8, 24, 32, 64, 96}) {
            for (int len : new int[] {1, 15, 16, 37, 80}) {
                float[] q = new float[hs], kt = new float[hs * ctx], vc = new float[ctx * hs], s1 = new float[ctx], s2 = new float[ctx];
                float[] o1 = new float[hs], o2 = new float[hs];
                for (int i = 0; i < q.length; i++) q[i] = r.nextFloat() - 0.5f;
                for (int i = 0; i < kt.length; i++) kt[i] = r.nextFloat() - 0.5f;
                for (int i = 0; i < vc.length; i++) vc[i] = r.nextFloat() - 0.5f;
                DecodeAttention.rowNaive(q, 0, kt, 0, vc, 0, len, hs, ctx, 0.17f, s1, 0, o1, 0);
                DecodeAttention.row(q, 0, kt, 0, vc, 0, len, hs, ctx, 0.17f, s2, 0, o2, 0);
                assertArrayEquals(o1, o2, 1e-6f, "hs " + hs + ", len " + len);
            }
        }
    }

    @Test
    void kvCacheMatchesFullForwardWithNaiveKernels() {
        boolean was = Simd.enabled();
        Simd.setEnabled(false);
        try {
            kvCacheMatchesFullForward(LLAMA, 8);
        } finally {
            Simd.setEnabled(was);
        }
    }

    @Test
    void theDecoderRunsTheWeightsOfItsLastSync() {
        Transformer m = new Transformer(GPT, 1);
        Decoder d = new Decoder(m, 1, 8);
        int v = GPT.vocabSize();
        float[] before = new float[v], stale = new float[v], synced = new float[v];
        d.prefill(List.of(new int[] {1, 2}), new int[] {0}, before);
        float[] w = m.block(1).mlp().down().weight().value().data();
        for (int i = 0; i < w.length; i++) w[i] *= 3f;
        d.cache().reset();
        d.prefill(List.of(new int[] {1, 2}), new int[] {0}, stale);
        assertArrayEquals(before, stale, 0f);
        d.syncWeights();
        d.cache().reset();
        d.prefill(List.of(new int[] {1, 2}), new int[] {0}, synced);
        assertRowMatches(m, new int[] {1, 2}, synced, 0, "after sync");
    }

    @Test
    void aFullSlotRefusesMoreTokens() {
        Transformer m = new Transformer(GPT, 1);
        Decoder d = new Decoder(m, 1, 32);
        float[] logits = new float[GPT.vocabSize()];
        d.prefill(List.of(new int[24]), new int[] {0}, logits);
        var ex = assertThrows(IllegalStateException.class, () -> d.step(1, new int[] {0}, new int[] {1}, logits));
        assertEquals("decoder: slot 0 already holds the full context of 24 positions", ex.getMessage());
    }

    @Test
    void steeringChangesTheOutputOnlyWhenSet() {
        Transformer m = new Transformer(GPT, 1);
        Decoder d = new Decoder(m, 1, 8);
        int v = GPT.vocabSize();
        float[] plain = new float[v], steered = new float[v];
        d.prefill(List.of(new int[] {1, 2, 3}), new int[] {0}, plain);
        float[] vec = new float[48];
        vec[3] = 5f;
        d.setSteering(new Decoder.Steering(1, vec));
        d.cache().reset();
        d.prefill(List.of(new int[] {1, 2, 3}), new int[] {0}, steered);
        assertTrue(Math.abs(plain[0] - steered[0]) > 1e-4);
        d.setSteering(null);
        d.cache().reset();
        d.prefill(List.of(new int[] {1, 2, 3}), new int[] {0}, steered);
        assertArrayEquals(plain, steered, 0f);
    }
}
