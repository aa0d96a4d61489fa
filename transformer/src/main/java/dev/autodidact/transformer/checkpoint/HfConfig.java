package dev.autodidact.transformer.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autodidact.transformer.ModelConfig;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;

/**
 * A {@link ModelConfig} from a HuggingFace {@code config.json} ({@code model_type} "gpt2" or
 * "llama"), and the HF config.json of one of ours. Fields HF uses that change the computation
 * in ways our model does not implement (another activation, rope scaling, attention biases) are
 * refused by name; fields that do not (token ids, dtype, dropout rates) are ignored. Imported
 * configs have dropout 0: HF's pretraining dropout rates are not ours to inherit.
 */
public final class HfConfig {
    private HfConfig() {}

    /** Reads an HF config.json. */
    public static ModelConfig read(Path file) throws IOException {
        return fromJson(Json.readObject(file), file.toString());
    }

    /** The config described by HF config object {@code o}; {@code source} names the file in errors. */
    public static ModelConfig fromJson(ObjectNode o, String source) throws CheckpointFormatException {
        String type = Json.textField(o, "model_type", source);
        try {
            return switch (type) {
                case "gpt2" -> gpt2(o, source);
                case "llama" -> llama(o, source);
                default -> throw new CheckpointFormatException(source + ": model_type '" + type + "' is not supported (supported: gpt2, llama)");
            };
        } catch (IllegalArgumentException e) {
            throw new CheckpointFormatException(source + ": " + e.getMessage(), e);
        }
    }

    private static ModelConfig gpt2(ObjectNode o, String source) throws CheckpointFormatException {
        int c = Json.intField(o, "n_embd", source), heads = Json.intField(o, "n_head", source);
        int ffn = present(o, "n_inner") ? Json.intField(o, "n_inner", source) : 4 * c;
        String act = present(o, "activation_function") ? Json.textField(o, "activation_function", source) : "gelu_new";
        if (!Set.of("gelu_new", "gelu_pytorch_tanh", "gelu_fast").contains(act)) {
            throw new CheckpointFormatException(source + ": field 'activation_function' is '" + act + "'; our GPT-2 uses the tanh GELU (gelu_new, gelu_pytorch_tanh)");
        }
        requireFalse(o, "scale_attn_by_inverse_layer_idx", source);
        requireFalse(o, "reorder_and_upcast_attn", source);
        boolean tied = !present(o, "tie_word_embeddings") || Json.boolField(o, "tie_word_embeddings", source);
        return new ModelConfig(Json.intField(o, "vocab_size", source), c, Json.intField(o, "n_layer", source), heads, heads, ffn,
                Json.intField(o, "n_positions", source), ModelConfig.Norm.LAYER_NORM, ModelConfig.Positions.LEARNED, 10000f,
                ModelConfig.Activation.GELU, tied, 0f, initStd(o, source),
                present(o, "layer_norm_epsilon") ? Json.floatField(o, "layer_norm_epsilon", source) : 1e-5f, true);
    }

    private static ModelConfig llama(ObjectNode o, String source) throws CheckpointFormatException {
        int c = Json.intField(o, "hidden_size", source), heads = Json.intField(o, "num_attention_heads", source);
        int kv = present(o, "num_key_value_heads") ? Json.intField(o, "num_key_value_heads", source) : heads;
        String act = present(o, "hidden_act") ? Json.textField(o, "hidden_act", source) : "silu";
        if (!act.equals("silu")) throw new CheckpointFormatException(source + ": field 'hidden_act' is '" + act + "'; our SwiGLU uses silu");
        requireFalse(o, "attention_bias", source);
        requireFalse(o, "mlp_bias", source);
        if (present(o, "rope_scaling")) throw new CheckpointFormatException(source + ": field 'rope_scaling' is " + o.get("rope_scaling") + "; our rotary embedding has no scaling");
        if (present(o, "head_dim") && heads > 0 && Json.intField(o, "head_dim", source) * heads != c) {
            throw new CheckpointFormatException(source + ": field 'head_dim' is " + o.get("head_dim") + " but hidden_size / num_attention_heads is " + (c / heads) + "; we need them equal");
        }
        boolean tied = present(o, "tie_word_embeddings") && Json.boolField(o, "tie_word_embeddings", source);
        return new ModelConfig(Json.intField(o, "vocab_size", source), c, Json.intField(o, "num_hidden_layers", source), heads, kv,
                Json.intField(o, "intermediate_size", source), Json.intField(o, "max_position_embeddings", source),
                ModelConfig.Norm.RMS_NORM, ModelConfig.Positions.ROTARY,
                present(o, "rope_theta") ? Json.floatField(o, "rope_theta", source) : 10000f, ModelConfig.Activation.SWIGLU, tied, 0f,
                initStd(o, source), Json.floatField(o, "rms_norm_eps", source), false);
    }

    private static float initStd(ObjectNode o, String source) throws CheckpointFormatException {
        return present(o, "initializer_range") ? Json.floatField(o, "initializer_range", source) : 0.02f;
    }

    private static boolean present(ObjectNode o, String field) {
        JsonNode n = o.get(field);
        return n != null && !n.isNull();
    }

    private static void requireFalse(ObjectNode o, String field, String source) throws CheckpointFormatException {
        if (present(o, field) && Json.boolField(o, field, source)) {
            throw new CheckpointFormatException(source + ": field '" + field + "' is true; our model does not implement it");
        }
    }

    /** The HF config.json object of {@code c} ({@link HfNames#styleOf} decides GPT-2 or Llama); our dropout becomes HF's dropout rates. */
    public static ObjectNode toJson(ModelConfig c) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        if (HfNames.styleOf(c) == HfNames.Style.GPT2) {
            o.putArray("architectures").add("GPT2LMHeadModel");
            o.put("model_type", "gpt2");
            o.put("vocab_size", c.vocabSize());
            o.put("n_embd", c.dModel());
            o.put("n_layer", c.layers());
            o.put("n_head", c.heads());
            o.put("n_positions", c.contextLength());
            o.put("n_ctx", c.contextLength());
            o.put("n_inner", c.ffnDim());
            o.put("activation_function", "gelu_new");
            o.put("layer_norm_epsilon", c.normEps());
            o.put("resid_pdrop", c.dropout());
            o.put("embd_pdrop", c.dropout());
            o.put("attn_pdrop", c.dropout());
        } else {
            o.putArray("architectures").add("LlamaForCausalLM");
            o.put("model_type", "llama");
            o.put("vocab_size", c.vocabSize());
            o.put("hidden_size", c.dModel());
            o.put("intermediate_size", c.ffnDim());
            o.put("num_hidden_layers", c.layers());
            o.put("num_attention_heads", c.heads());
            o.put("num_key_value_heads", c.kvHeads());
            o.put("head_dim", c.headSize());
            o.put("max_position_embeddings", c.contextLength());
            o.put("rope_theta", c.ropeTheta());
            o.put("rms_norm_eps", c.normEps());
            o.put("hidden_act", "silu");
            o.put("attention_bias", false);
            o.put("mlp_bias", false);
            o.put("attention_dropout", c.dropout());
        }
        o.put("tie_word_embeddings", c.tiedEmbeddings());
        o.put("initializer_range", c.initStd());
        o.put("torch_dtype", "float32");
        return o;
    }
}
