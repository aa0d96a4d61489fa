package dev.autodidact.transformer.checkpoint;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autodidact.tensor.Tensor;
import dev.autodidact.tokenizer.TokenizerJson;
import dev.autodidact.transformer.ModelConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static dev.autodidact.transformer.checkpoint.CheckpointTest.TOKENIZER;
import static dev.autodidact.transformer.checkpoint.CheckpointTest.parameters;
import static dev.autodidact.transformer.checkpoint.RawFiles.*;
import static org.junit.jupiter.api.Assertions.*;

class HfCheckpointTest {
    @TempDir
    Path dir;

    private Path config(String json) throws IOException {
        Path f = dir.resolve("config.json");
        Files.writeString(f, json);
        return f;
    }

    @Test
    void aGpt2ConfigReadsAsOurs() throws IOException {
        Path f = config("""
                {"activation_function": "gelu_new", "architectures": ["GPT2LMHeadModel"], "attn_pdrop": 0.1, "bos_token_id": 50256,
                 "embd_pdrop": 0.1, "eos_token_id": 50256, "initializer_range": 0.02, "layer_norm_epsilon": 1e-05, "model_type": "gpt2",
                 "n_ctx": 1024, "n_embd": 768, "n_head": 12, "n_inner": null, "n_layer": 12, "n_positions": 1024, "resid_pdrop": 0.1,
                 "task_specific_params": {"text-generation": {"do_sample": true, "max_length": 50}}, "vocab_size": 50257}
                """);
        assertEquals(ModelConfig.gpt2Style(50257, 768, 12, 12, 1024), HfConfig.read(f));
    }

    @Test
    void aLlamaConfigReadsAsOursWithGroupedQueryHeads() throws IOException {
        Path f = config("""
                {"architectures": ["LlamaForCausalLM"], "attention_bias": false, "attention_dropout": 0.0, "bos_token_id": 1, "eos_token_id": 2,
                 "hidden_act": "silu", "hidden_size": 2048, "initializer_range": 0.02, "intermediate_size": 5632, "max_position_embeddings": 2048,
                 "model_type": "llama", "num_attention_heads": 32, "num_hidden_layers": 22, "num_key_value_heads": 4, "pretraining_tp": 1,
                 "rms_norm_eps": 1e-05, "rope_scaling": null, "rope_theta": 10000.0, "tie_word_embeddings": false, "torch_dtype": "bfloat16",
                 "use_cache": true, "vocab_size": 32000}
                """);
        assertEquals(new ModelConfig(32000, 2048, 22, 32, 4, 5632, 2048, ModelConfig.Norm.RMS_NORM, ModelConfig.Positions.ROTARY, 10000f,
                ModelConfig.Activation.SWIGLU, false, 0f, 0.02f, 1e-5f, false), HfConfig.read(f));
    }

    @Test
    void ourConfigsRoundTripThroughHfConfigJsonLessDropout() throws IOException {
        for (ModelConfig c : new ModelConfig[] {ModelConfig.presetM().withDropout(0.1f), HfNamesTest.LLAMA, new ModelConfig(10, 16, 1, 4, 1, 48, 8,
                ModelConfig.Norm.RMS_NORM, ModelConfig.Positions.ROTARY, 500000f, ModelConfig.Activation.SWIGLU, true, 0f, 0.01f, 1e-6f, false)}) {
            ObjectNode json = HfConfig.toJson(c);
            assertEquals(c.withDropout(0f), HfConfig.fromJson(json, "config.json"));
        }
    }

    @Test
    void hfFieldsWeDoNotImplementAreRefusedByName() throws IOException {
        String llama = "{\"model_type\":\"llama\",\"hidden_size\":16,\"num_hidden_layers\":1,\"num_attention_heads\":4,\"intermediate_size\":32,"
                + "\"max_position_embeddings\":8,\"rms_norm_eps\":1e-6,\"vocab_size\":10%s}";
        Path f = config(llama.formatted(",\"rope_scaling\":{\"type\":\"linear\",\"factor\":2.0}"));
        var e = assertThrows(CheckpointFormatException.class, () -> HfConfig.read(f));
        assertEquals(f + ": field 'rope_scaling' is {\"type\":\"linear\",\"factor\":2}; our rotary embedding has no scaling", e.getMessage());
        config(llama.formatted(",\"hidden_act\":\"gelu\""));
        assertEquals(f + ": field 'hidden_act' is 'gelu'; our SwiGLU uses silu", assertThrows(CheckpointFormatException.class, () -> HfConfig.read(f)).getMessage());
        config(llama.formatted(",\"attention_bias\":true"));
        assertEquals(f + ": field 'attention_bias' is true; our model does not implement it", assertThrows(CheckpointFormatException.class, () -> HfConfig.read(f)).getMessage());
        config(llama.formatted("").replace("\"rms_norm_eps\":1e-6,", ""));
        assertEquals(f + ": missing field 'rms_norm_eps'", assertThrows(CheckpointFormatException.class, () -> HfConfig.read(f)).getMessage());
        config("{\"model_type\":\"bert\"}");
        assertEquals(f + ": model_type 'bert' is not supported (supported: gpt2, llama)", assertThrows(CheckpointFormatException.class, () -> HfConfig.read(f)).getMessage());
        config("{\"model_type\":\"gpt2\",\"n_embd\":16,\"n_head\":4,\"n_layer\":1,\"n_positions\":8,\"vocab_size\":10,\"activation_function\":\"relu\"}");
        assertTrue(assertThrows(CheckpointFormatException.class, () -> HfConfig.read(f)).getMessage().startsWith(f + ": field 'activation_function' is 'relu'"));
        config("{\"model_type\":\"gpt2\",\"n_embd\":16,\"n_head\":3,\"n_layer\":1,\"n_positions\":8,\"vocab_size\":10}");
        assertEquals(f + ": model config: dModel 16 must be a positive multiple of heads 3", assertThrows(CheckpointFormatException.class, () -> HfConfig.read(f)).getMessage());
    }

    @Test
    void anExportedDirectoryImportsBackExactly() throws IOException {
        for (ModelConfig c : new ModelConfig[] {HfNamesTest.GPT2, HfNamesTest.LLAMA}) {
            Map<String, Tensor> ours = parameters(c, 11);
            Path out = dir.resolve("hf-" + HfNames.styleOf(c));
            HfCheckpoint.write(out, c, ours, Optional.of(TOKENIZER), DType.F32);
            HfCheckpoint.Imported back = HfCheckpoint.read(out);
            assertEquals(c, back.config());
            assertSameTensors(ours, back.parameters());
            assertEquals(TokenizerJson.toJson(TOKENIZER), TokenizerJson.toJson(back.tokenizer().orElseThrow()));
            assertTrue(Files.readString(out.resolve("config.json")).contains("\"model_type\" : \"" + (c == HfNamesTest.GPT2 ? "gpt2" : "llama") + "\""));
            try (SafeTensorsFile f = SafeTensorsFile.open(out.resolve("model.safetensors"))) {
                assertEquals(Map.of("format", "pt"), f.metadata());
            }
        }
    }

    @Test
    void aBf16ExportSaysSoAndImportsWithinPrecision() throws IOException {
        Map<String, Tensor> ours = parameters(HfNamesTest.LLAMA, 12);
        HfCheckpoint.write(dir.resolve("bf16"), HfNamesTest.LLAMA, ours, Optional.empty(), DType.BF16);
        assertTrue(Files.readString(dir.resolve("bf16/config.json")).contains("\"torch_dtype\" : \"bfloat16\""));
        HfCheckpoint.Imported back = HfCheckpoint.read(dir.resolve("bf16"));
        assertTrue(back.tokenizer().isEmpty());
        for (var e : ours.entrySet()) {
            float[] x = e.getValue().toArray(), y = back.parameters().get(e.getKey()).toArray();
            for (int i = 0; i < x.length; i++) assertEquals(DType.fromBf16(DType.toBf16(x[i])), y[i], e.getKey());
        }
    }

    @Test
    void aShardedCheckpointReadsThroughItsIndex() throws IOException {
        ModelConfig c = HfNamesTest.LLAMA;
        Map<String, Tensor> ours = parameters(c, 13);
        Map<String, Tensor> hf = HfNames.toHf(c, ours);
        Map<String, Tensor> first = new LinkedHashMap<>(), second = new LinkedHashMap<>();
        StringBuilder weightMap = new StringBuilder();
        for (var e : hf.entrySet()) {
            boolean one = e.getKey().startsWith("model.layers.0.") || e.getKey().startsWith("model.embed");
            (one ? first : second).put(e.getKey(), e.getValue());
            String file = one ? "model-00001-of-00002.safetensors" : "model-00002-of-00002.safetensors";
            weightMap.append(weightMap.isEmpty() ? "" : ",").append('"').append(e.getKey()).append("\":\"").append(file).append('"');
        }
        Path d = Files.createDirectories(dir.resolve("sharded"));
        SafeTensors.write(d.resolve("model-00001-of-00002.safetensors"), first, DType.F32, Map.of("format", "pt"));
        SafeTensors.write(d.resolve("model-00002-of-00002.safetensors"), second, DType.F32, Map.of("format", "pt"));
        Files.writeString(d.resolve("model.safetensors.index.json"), "{\"metadata\":{\"total_size\":0},\"weight_map\":{" + weightMap + "}}");
        Files.writeString(d.resolve("config.json"), HfConfig.toJson(c).toString());
        assertSameTensors(ours, HfCheckpoint.readWeights(d).parameters());

        Files.writeString(d.resolve("model.safetensors.index.json"), "{\"weight_map\":{" + weightMap.toString().replace(
                "\"model.norm.weight\":\"model-00002-of-00002.safetensors\"", "\"model.norm.weight\":\"model-00001-of-00002.safetensors\"") + "}}");
        var e = assertThrows(CheckpointFormatException.class, () -> HfCheckpoint.readWeights(d));
        assertEquals(d.resolve("model.safetensors.index.json") + ": tensor 'model.norm.weight' is in model-00002-of-00002.safetensors but weight_map says model-00001-of-00002.safetensors", e.getMessage());
    }
}
