package dev.autodidact.transformer.checkpoint;

import dev.autodidact.tensor.Tensor;
import dev.autodidact.transformer.ModelConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static dev.autodidact.transformer.checkpoint.CheckpointTest.parameters;
import static dev.autodidact.transformer.checkpoint.RawFiles.*;
import static org.junit.jupiter.api.Assertions.*;

class HfNamesTest {
    static final ModelConfig GPT2 = ModelConfig.gpt2Style(11, 8, 2, 2, 6);
    static final ModelConfig LLAMA = ModelConfig.llamaStyle(10, 16, 2, 4, 2, 8); // grouped-query: 4 q heads, 2 kv heads, hs 4

    @TempDir
    Path dir;

    /** Ours → HF names → a safetensors file → HF names → ours, bit-exact. */
    private Map<String, Tensor> throughAFile(ModelConfig c, Map<String, Tensor> ours) throws IOException {
        Path f = dir.resolve("hf.safetensors");
        SafeTensors.write(f, HfNames.toHf(c, ours), DType.F32, Map.of("format", "pt"));
        return HfNames.toOurs(c, SafeTensors.read(f), f.toString());
    }

    @Test
    void gpt2NamesAndShapesAreHuggingFaces() {
        Map<String, Tensor> hf = HfNames.toHf(GPT2, parameters(GPT2, 1));
        assertEquals(List.of("wte.weight", "wpe.weight",
                "h.0.ln_1.weight", "h.0.ln_1.bias", "h.0.attn.c_attn.weight", "h.0.attn.c_attn.bias", "h.0.attn.c_proj.weight", "h.0.attn.c_proj.bias",
                "h.0.ln_2.weight", "h.0.ln_2.bias", "h.0.mlp.c_fc.weight", "h.0.mlp.c_fc.bias", "h.0.mlp.c_proj.weight", "h.0.mlp.c_proj.bias",
                "h.1.ln_1.weight", "h.1.ln_1.bias", "h.1.attn.c_attn.weight", "h.1.attn.c_attn.bias", "h.1.attn.c_proj.weight", "h.1.attn.c_proj.bias",
                "h.1.ln_2.weight", "h.1.ln_2.bias", "h.1.mlp.c_fc.weight", "h.1.mlp.c_fc.bias", "h.1.mlp.c_proj.weight", "h.1.mlp.c_proj.bias",
                "ln_f.weight", "ln_f.bias"), List.copyOf(hf.keySet()));
        assertArrayEquals(new int[] {8, 24}, hf.get("h.0.attn.c_attn.weight").shape()); // Conv1D [in, out]
        assertArrayEquals(new int[] {8, 32}, hf.get("h.0.mlp.c_fc.weight").shape());
        assertArrayEquals(new int[] {32, 8}, hf.get("h.0.mlp.c_proj.weight").shape());
        assertArrayEquals(new int[] {24}, hf.get("h.0.attn.c_attn.bias").shape());
    }

    @Test
    void gpt2RoundTripThroughAFileIsExact() throws IOException {
        Map<String, Tensor> ours = parameters(GPT2, 2);
        assertSameTensors(ours, throughAFile(GPT2, ours));
        ModelConfig untied = new ModelConfig(11, 8, 1, 2, 2, 32, 6, ModelConfig.Norm.LAYER_NORM, ModelConfig.Positions.LEARNED, 10000f,
                ModelConfig.Activation.GELU, false, 0f, 0.02f, 1e-5f, true);
        Map<String, Tensor> o2 = parameters(untied, 3);
        assertTrue(HfNames.toHf(untied, o2).containsKey("lm_head.weight"));
        assertSameTensors(o2, throughAFile(untied, o2));
    }

    /** A Conv1D computes x·W with W [in, out]; our Linear computes W·x with W [out, in]: the outputs must agree exactly. */
    @Test
    void conv1DWeightsBecomeLinearWeightsComputingTheSameOutputs() throws IOException {
        Map<String, Tensor> hf = HfNames.toHf(GPT2, parameters(GPT2, 4));
        Map<String, Tensor> ours = HfNames.toOurs(GPT2, hf, "memory");
        float[] x = random(new SplittableRandom(9), 8).toArray();
        for (String[] pair : new String[][] {{"h.1.attn.c_attn.weight", "blocks.1.attn.qkv.weight"}, {"h.0.attn.c_proj.weight", "blocks.0.attn.proj.weight"},
                {"h.0.mlp.c_fc.weight", "blocks.0.mlp.up.weight"}}) {
            Tensor conv = hf.get(pair[0]), linear = ours.get(pair[1]);
            int in = conv.shape()[0], out = conv.shape()[1];
            assertArrayEquals(new int[] {out, in}, linear.shape());
            for (int o = 0; o < out; o++) {
                float yConv = 0, yLinear = 0;
                for (int i = 0; i < in; i++) {
                    yConv += x[i] * conv.get(i, o);
                    yLinear += linear.get(o, i) * x[i];
                }
                assertEquals(yConv, yLinear, pair[0] + " output " + o);
            }
        }
        // the c_proj of the MLP maps F → C: [F, C] Conv1D to [C, F] Linear
        assertArrayEquals(new int[] {8, 32}, ours.get("blocks.0.mlp.down.weight").shape());
        assertEquals(hf.get("h.0.mlp.c_proj.weight").get(31, 2), ours.get("blocks.0.mlp.down.weight").get(2, 31));
    }

    @Test
    void gpt2ImportAcceptsThePrefixTheMaskBuffersAndATiedHead() throws IOException {
        Map<String, Tensor> ours = parameters(GPT2, 5);
        Map<String, Tensor> hf = new LinkedHashMap<>();
        HfNames.toHf(GPT2, ours).forEach((k, v) -> hf.put("transformer." + k, v));
        hf.put("transformer.h.0.attn.bias", Tensor.ones(1, 1, 6, 6));
        hf.put("h.1.attn.masked_bias", Tensor.scalar(-1e4f));
        hf.put("lm_head.weight", ours.get("tok_emb.weight").copy());
        Path f = dir.resolve("prefixed.safetensors");
        SafeTensors.write(f, hf, DType.F32);
        assertSameTensors(ours, HfNames.toOurs(GPT2, SafeTensors.read(f), f.toString()));

        hf.put("lm_head.weight", Tensor.zeros(11, 8));
        var e = assertThrows(CheckpointFormatException.class, () -> HfNames.toOurs(GPT2, hf, "file.safetensors"));
        assertEquals("file.safetensors: not a HuggingFace GPT2 checkpoint of this config, 1 problem:\n"
                + "  'lm_head.weight' differs from 'transformer.wte.weight' but the config ties them", e.getMessage());
    }

    @Test
    void llamaQkvIsTheRowConcatenationOfGroupedQueryProjections() {
        Map<String, Tensor> ours = parameters(LLAMA, 6);
        Map<String, Tensor> hf = HfNames.toHf(LLAMA, ours);
        assertArrayEquals(new int[] {16, 16}, hf.get("model.layers.0.self_attn.q_proj.weight").shape()); // H·hs = 16
        assertArrayEquals(new int[] {8, 16}, hf.get("model.layers.0.self_attn.k_proj.weight").shape());  // KVH·hs = 8
        assertArrayEquals(new int[] {8, 16}, hf.get("model.layers.0.self_attn.v_proj.weight").shape());
        Tensor qkv = ours.get("blocks.1.attn.qkv.weight");
        assertArrayEquals(new int[] {32, 16}, qkv.shape());
        String[] parts = {"q_proj", "k_proj", "v_proj"};
        int[] firstRow = {0, 16, 24};
        for (int p = 0; p < 3; p++) {
            Tensor w = hf.get("model.layers.1.self_attn." + parts[p] + ".weight");
            for (int r = 0; r < w.shape()[0]; r++) {
                for (int k = 0; k < 16; k++) assertEquals(w.get(r, k), qkv.get(firstRow[p] + r, k), parts[p] + " row " + r);
            }
        }
        assertEquals(List.of("model.embed_tokens.weight", "model.layers.0.input_layernorm.weight", "model.layers.0.self_attn.q_proj.weight",
                "model.layers.0.self_attn.k_proj.weight", "model.layers.0.self_attn.v_proj.weight", "model.layers.0.self_attn.o_proj.weight",
                "model.layers.0.post_attention_layernorm.weight", "model.layers.0.mlp.gate_proj.weight", "model.layers.0.mlp.up_proj.weight",
                "model.layers.0.mlp.down_proj.weight"), List.copyOf(hf.keySet()).subList(0, 10));
        assertTrue(hf.containsKey("model.norm.weight") && hf.containsKey("lm_head.weight"));
    }

    @Test
    void llamaRoundTripThroughAFileIsExactTiedOrNot() throws IOException {
        Map<String, Tensor> ours = parameters(LLAMA, 7);
        assertSameTensors(ours, throughAFile(LLAMA, ours));
        ModelConfig tied = new ModelConfig(10, 16, 1, 4, 1, 48, 8, ModelConfig.Norm.RMS_NORM, ModelConfig.Positions.ROTARY, 500000f,
                ModelConfig.Activation.SWIGLU, true, 0f, 0.02f, 1e-6f, false);
        Map<String, Tensor> o2 = parameters(tied, 8);
        assertFalse(HfNames.toHf(tied, o2).containsKey("lm_head.weight"));
        assertSameTensors(o2, throughAFile(tied, o2));
    }

    @Test
    void importListsEveryMissingUnexpectedAndMisshapenTensor() {
        Map<String, Tensor> hf = HfNames.toHf(LLAMA, parameters(LLAMA, 9));
        hf.remove("model.layers.1.self_attn.k_proj.weight");
        hf.remove("model.norm.weight");
        hf.put("model.layers.0.self_attn.v_proj.weight", Tensor.zeros(16, 16));
        hf.put("model.layers.0.self_attn.q_proj.bias", Tensor.zeros(16));
        hf.put("model.layers.0.self_attn.rotary_emb.inv_freq", Tensor.zeros(2)); // a buffer: skipped
        var e = assertThrows(CheckpointFormatException.class, () -> HfNames.toOurs(LLAMA, hf, "m.safetensors"));
        assertEquals("m.safetensors: not a HuggingFace LLAMA checkpoint of this config, 4 problems:\n"
                + "  'model.layers.0.self_attn.v_proj.weight' has shape [16, 16], expected [8, 16]\n"
                + "  missing 'model.layers.1.self_attn.k_proj.weight' [8, 16]\n"
                + "  missing 'model.norm.weight' [16]\n"
                + "  unexpected 'model.layers.0.self_attn.q_proj.bias' [16]", e.getMessage());
    }

    @Test
    void configsOfNeitherArchitectureAreRefused() {
        ModelConfig mixed = new ModelConfig(10, 16, 1, 4, 4, 64, 8, ModelConfig.Norm.RMS_NORM, ModelConfig.Positions.LEARNED, 10000f,
                ModelConfig.Activation.GELU, true, 0f, 0.02f, 1e-5f, false);
        var e = assertThrows(IllegalArgumentException.class, () -> HfNames.styleOf(mixed));
        assertTrue(e.getMessage().startsWith("hf names: no HuggingFace architecture has norm RMS_NORM, positions LEARNED"), e.getMessage());
        assertEquals(HfNames.Style.GPT2, HfNames.styleOf(ModelConfig.presetS()));
        assertEquals(HfNames.Style.LLAMA, HfNames.styleOf(LLAMA));
    }

    @Test
    void exportRefusesParametersThatDoNotMatch() {
        Map<String, Tensor> ours = parameters(GPT2, 10);
        ours.put("value_head.weight", Tensor.zeros(1, 8));
        ours.put("value_head.bias", Tensor.zeros(1));
        var e = assertThrows(IllegalArgumentException.class, () -> HfNames.toHf(GPT2, ours));
        assertTrue(e.getMessage().contains("a value head has no HuggingFace name"), e.getMessage());
    }
}
