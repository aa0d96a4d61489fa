package dev.autodidact.transformer;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class ModelConfigTest {

    @Test
    void presetSHasThePerfAnchorShapeAndParameterCount() {
        ModelConfig s = ModelConfig.presetS();
        assertEquals(128 / 4, s.headSize());
        long params = 0;
        for (String n : ParameterNames.of(s)) {
            long p = 1;
            for (int d : ParameterNames.shape(s, n)) p *= d;
            params += p;
        }
        // perf-anchors.md: preset S has 0.81 M parameters (tied embeddings, learned positions)
        assertEquals(0.81e6, params, 0.01e6);
    }

    @Test
    void invalidConfigsAreRejectedWithTheFieldNamed() {
        var ex = assertThrows(IllegalArgumentException.class, () -> ModelConfig.llamaStyle(64, 128, 2, 4, 3, 64));
        assertEquals("model config: heads 4 must be a multiple of kvHeads 3", ex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ModelConfig.preset("XL"));
    }

    @Test
    void llamaStyleNamesHaveGateAndNoBiases() {
        var names = ParameterNames.of(ModelConfig.llamaStyle(100, 64, 1, 4, 2, 32));
        assertTrue(names.contains("blocks.0.mlp.gate.weight"));
        assertTrue(names.contains("lm_head.weight"));
        assertFalse(names.stream().anyMatch(n -> n.endsWith(".bias")));
        assertFalse(names.contains("pos_emb.weight"));
        assertArrayEquals(new int[] {(4 + 2 * 2) * 16, 64}, ParameterNames.shape(ModelConfig.llamaStyle(100, 64, 1, 4, 2, 32), "blocks.0.attn.qkv.weight"));
    }
}
