package dev.autodidact.transformer;

import java.util.ArrayList;
import java.util.List;

/**
 * The parameter names of a {@link ModelConfig}'s model — the names checkpoints store. Linear
 * weights are [out, in] (as PyTorch's nn.Linear). Shapes, with hs = C/H, KVH = kvHeads:
 *
 * <pre>
 * tok_emb.weight               [V, C]
 * pos_emb.weight               [ctx, C]                 learned positions only
 * blocks.{i}.ln1.weight        [C]        (+ .bias      LayerNorm with bias)
 * blocks.{i}.attn.qkv.weight   [(H + 2·KVH)·hs, C]      rows: all q heads, then k heads, then v heads
 * blocks.{i}.attn.qkv.bias     [(H + 2·KVH)·hs]         with bias
 * blocks.{i}.attn.proj.weight  [C, H·hs] (+ .bias [C])
 * blocks.{i}.ln2.weight        [C]        (+ .bias)
 * blocks.{i}.mlp.gate.weight   [F, C]                   SwiGLU only
 * blocks.{i}.mlp.up.weight     [F, C]     (+ .bias [F])
 * blocks.{i}.mlp.down.weight   [C, F]     (+ .bias [C])
 * ln_f.weight                  [C]        (+ .bias)
 * lm_head.weight               [V, C]                   untied only
 * value_head.weight, .bias     [1, C], [1]              only when a value head is attached (PPO)
 * </pre>
 */
public final class ParameterNames {
    private ParameterNames() {}

    /** Every parameter name of the base model (no value head), in registration order. */
    public static List<String> of(ModelConfig c) {
        List<String> names = new ArrayList<>();
        names.add("tok_emb.weight");
        if (c.positions() == ModelConfig.Positions.LEARNED) names.add("pos_emb.weight");
        boolean normBias = c.norm() == ModelConfig.Norm.LAYER_NORM && c.bias();
        for (int i = 0; i < c.layers(); i++) {
            String b = "blocks." + i + ".";
            names.add(b + "ln1.weight");
            if (normBias) names.add(b + "ln1.bias");
            names.add(b + "attn.qkv.weight");
            if (c.bias()) names.add(b + "attn.qkv.bias");
            names.add(b + "attn.proj.weight");
            if (c.bias()) names.add(b + "attn.proj.bias");
            names.add(b + "ln2.weight");
            if (normBias) names.add(b + "ln2.bias");
            if (c.activation() == ModelConfig.Activation.SWIGLU) names.add(b + "mlp.gate.weight");
            names.add(b + "mlp.up.weight");
            if (c.bias()) names.add(b + "mlp.up.bias");
            names.add(b + "mlp.down.weight");
            if (c.bias()) names.add(b + "mlp.down.bias");
        }
        names.add("ln_f.weight");
        if (normBias) names.add("ln_f.bias");
        if (!c.tiedEmbeddings()) names.add("lm_head.weight");
        return names;
    }

    /** The shape of parameter {@code name} under config {@code c}. */
    public static int[] shape(ModelConfig c, String name) {
        int C = c.dModel(), hs = c.headSize(), F = c.ffnDim(), qkv = (c.heads() + 2 * c.kvHeads()) * hs;
        String local = name.startsWith("blocks.") ? name.substring(name.indexOf('.', "blocks.".length()) + 1) : name;
        return switch (local) {
            case "tok_emb.weight", "lm_head.weight" -> new int[] {c.vocabSize(), C};
            case "pos_emb.weight" -> new int[] {c.contextLength(), C};
            case "ln1.weight", "ln1.bias", "ln2.weight", "ln2.bias", "ln_f.weight", "ln_f.bias", "attn.proj.bias", "mlp.down.bias" -> new int[] {C};
            case "attn.qkv.weight" -> new int[] {qkv, C};
            case "attn.qkv.bias" -> new int[] {qkv};
            case "attn.proj.weight" -> new int[] {C, c.heads() * hs};
            case "mlp.gate.weight", "mlp.up.weight" -> new int[] {F, C};
            case "mlp.up.bias" -> new int[] {F};
            case "mlp.down.weight" -> new int[] {C, F};
            case "value_head.weight" -> new int[] {1, C};
            case "value_head.bias" -> new int[] {1};
            default -> throw new IllegalArgumentException("parameter names: unknown parameter '" + name + "'");
        };
    }
}
