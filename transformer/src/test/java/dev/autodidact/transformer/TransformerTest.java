package dev.autodidact.transformer;

import dev.autodidact.autograd.NoGrad;
import dev.autodidact.autograd.Var;
import dev.autodidact.autograd.optim.AdamW;
import dev.autodidact.autograd.optim.ParamGroup;
import dev.autodidact.autograd.optim.Schedule;
import dev.autodidact.tensor.IntTensor;
import dev.autodidact.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class TransformerTest {
    static final ModelConfig GPT = ModelConfig.gpt2Style(23, 32, 2, 4, 16);
    static final ModelConfig LLAMA = ModelConfig.llamaStyle(23, 32, 2, 4, 2, 16);

    @Test
    void parameterNamesAndShapesAreExactlyParameterNames() {
        for (ModelConfig c : List.of(GPT, LLAMA, LLAMA.withVocabSize(40))) {
            Transformer m = new Transformer(c, 1);
            assertEquals(ParameterNames.of(c), m.parameterNames());
            m.parameterTensors().forEach((n, t) -> assertArrayEquals(ParameterNames.shape(c, n), t.shape(), n));
        }
        Transformer withValue = new Transformer(GPT, 1, true);
        assertTrue(withValue.parameterNames().containsAll(List.of("value_head.weight", "value_head.bias")));
        assertArrayEquals(ParameterNames.shape(GPT, "value_head.weight"), withValue.parameterTensors().get("value_head.weight").shape());
    }

    @Test
    void initialisationFollowsGpt2() {
        ModelConfig c = ModelConfig.gpt2Style(64, 128, 8, 4, 64);
        Map<String, Tensor> p = new Transformer(c, 7).parameterTensors();
        assertEquals(0.02, std(p.get("blocks.0.attn.qkv.weight")), 0.002);
        assertEquals(0.02 / Math.sqrt(16), std(p.get("blocks.3.attn.proj.weight")), 0.0005);
        assertEquals(0.02 / Math.sqrt(16), std(p.get("blocks.3.mlp.down.weight")), 0.0005);
        for (float v : p.get("blocks.1.ln1.weight").data()) assertEquals(1f, v);
        for (float v : p.get("blocks.1.mlp.up.bias").data()) assertEquals(0f, v);
    }

    @Test
    void sameSeedSameWeightsOtherSeedOtherWeights() {
        var a = new Transformer(GPT, 3).parameterTensors().get("tok_emb.weight").data();
        var b = new Transformer(GPT, 3).parameterTensors().get("tok_emb.weight").data();
        var c = new Transformer(GPT, 4).parameterTensors().get("tok_emb.weight").data();
        assertArrayEquals(a, b);
        assertFalse(java.util.Arrays.equals(a, c));
    }

    @Test
    void logitsHaveShapeBTVAndArePaddingIndependent() {
        for (ModelConfig c : List.of(GPT, LLAMA)) {
            Transformer m = new Transformer(c, 2);
            try (var ng = NoGrad.enter()) {
                Var alone = m.forward(IntTensor.of(new int[] {1, 5, 7}, 1, 3), null);
                var batch = SupervisedBatch.of(List.of(new SupervisedBatch.Pair(new int[] {1, 5, 7}, new int[0]),
                        new SupervisedBatch.Pair(new int[] {2, 3, 4, 5, 6}, new int[0])), 0, 16);
                Var both = m.forward(batch.ids(), batch.keyMask());
                assertArrayEquals(new int[] {2, 5, 23}, both.shape());
                // Right padding: the real positions of row 0 see exactly what they saw alone.
                for (int t = 0; t < 3; t++) for (int v = 0; v < 23; v++) assertEquals(alone.value().get(0, t, v), both.value().get(0, t, v), 1e-5f);
            }
        }
    }

    @Test
    void hiddenStatesAndValuesAreAvailable() {
        Transformer m = new Transformer(LLAMA, 2, true);
        var out = m.run(IntTensor.of(new int[] {1, 2, 3, 4}, 2, 2), null, Set.of(0, 2), true);
        assertEquals(Set.of(0, 2), out.hidden().keySet());
        assertArrayEquals(new int[] {2, 2, 32}, out.hidden().get(2).shape());
        assertArrayEquals(new int[] {2, 2}, out.values().orElseThrow().shape());
        var ex = assertThrows(IllegalArgumentException.class, () -> m.run(IntTensor.of(new int[] {1}, 1, 1), null, Set.of(3), false));
        assertEquals("transformer: hidden layer 3 is outside [0, 2]", ex.getMessage());
        assertThrows(IllegalStateException.class, () -> new Transformer(GPT, 1).run(IntTensor.of(new int[] {1}, 1, 1), null, Set.of(), true));
    }

    @Test
    void lossCountsOnlyResponseTokensAndGoesDown() {
        for (ModelConfig c : List.of(GPT, LLAMA)) {
            Transformer m = new Transformer(c, 5);
            var batch = SupervisedBatch.of(List.of(new SupervisedBatch.Pair(new int[] {1, 9, 9}, new int[] {4, 5, 6}),
                    new SupervisedBatch.Pair(new int[] {1, 8}, new int[] {7, 3, 2, 4})), 0, 16);
            assertEquals(7, batch.responseTokens());
            assertEquals(Transformer.IGNORE, batch.targets().get(0, 0));
            assertEquals(4, batch.targets().get(0, 2));
            var opt = new AdamW(ParamGroup.byDecay(m.namedParameters(), 3e-3, 0.0), Schedule.constant());
            float first = 0, last = 0;
            for (int step = 0; step < 40; step++) {
                opt.zeroGrad();
                Var loss = m.loss(batch);
                loss.backward();
                opt.step();
                if (step == 0) first = loss.item();
                last = loss.item();
            }
            assertTrue(first > 2.5f && last < 0.5f * first, c.positions() + ": loss " + first + " -> " + last);
        }
    }

    @Test
    void parametersRoundTripThroughANameMap() {
        Transformer a = new Transformer(LLAMA, 1), b = new Transformer(LLAMA, 2);
        Map<String, Tensor> saved = new HashMap<>();
        a.saveParametersInto(saved);
        b.loadParameters(saved);
        a.parameterTensors().forEach((n, t) -> assertArrayEquals(t.data(), b.parameterTensors().get(n).data(), n));
        saved.put("blocks.9.ln1.weight", Tensor.ones(32));
        var ex = assertThrows(IllegalArgumentException.class, () -> b.loadParameters(saved));
        assertTrue(ex.getMessage().contains("blocks.9.ln1.weight"), ex.getMessage());
        saved.remove("blocks.9.ln1.weight");
        saved.put("ln_f.weight", Tensor.ones(31));
        ex = assertThrows(IllegalArgumentException.class, () -> b.loadParameters(saved));
        assertEquals("transformer: parameter 'ln_f.weight' has shape [32] but the source holds [31]", ex.getMessage());
    }

    private static double std(Tensor t) {
        double s = 0, ss = 0;
        for (float v : t.data()) { s += v; ss += v * v; }
        int n = t.numel();
        return Math.sqrt(ss / n - (s / n) * (s / n));
    }
}
