package dev.autodidact.transformer.checkpoint;

import dev.autodidact.tensor.Tensor;
import dev.autodidact.transformer.ModelConfig;
import dev.autodidact.transformer.ParameterNames;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Our parameter names ({@link ParameterNames}) against those of HuggingFace GPT-2 and Llama
 * checkpoints, both ways. GPT-2 stores its linear layers as Conv1D, weight [in, out], so those
 * are transposed to our [out, in]; Llama stores q, k and v projections separately, concatenated
 * by rows into our fused {@code attn.qkv.weight} (all q heads, then the k heads, then the v
 * heads, which is how grouped-query heads stack). Our rotary embedding rotates halves (the
 * GPT-NeoX / HF Llama layout), so Llama q and k load without permutation.
 */
public final class HfNames {

    /** The HuggingFace architecture a config corresponds to. */
    public enum Style {
        /** GPT2LMHeadModel: LayerNorm, learned positions, GELU (tanh), biases, multi-head attention. */
        GPT2,
        /** LlamaForCausalLM: RMSNorm, rotary positions, SwiGLU, no biases, grouped-query attention allowed. */
        LLAMA
    }

    /** How one of our tensors is made from HuggingFace tensors. */
    enum Kind {
        /** Same layout. */
        COPY,
        /** Conv1D [in, out] to Linear [out, in]. */
        TRANSPOSE,
        /** Several HF matrices stacked by rows (q, k, v). */
        CONCAT_ROWS
    }

    /** One of our tensors and the HF tensor(s) it corresponds to. */
    record Link(String ours, List<String> hf, Kind kind) {}

    private static final Pattern GPT2_BUFFER = Pattern.compile("h\\.\\d+\\.attn\\.(bias|masked_bias)");
    private static final Pattern LLAMA_BUFFER = Pattern.compile("model\\.layers\\.\\d+\\.self_attn\\.rotary_emb\\.inv_freq");
    private static final String GPT2_PREFIX = "transformer.";

    private HfNames() {}

    /** The architecture {@code c} matches; fails naming the options when it matches neither. */
    public static Style styleOf(ModelConfig c) {
        boolean gpt2 = c.norm() == ModelConfig.Norm.LAYER_NORM && c.positions() == ModelConfig.Positions.LEARNED
                && c.activation() == ModelConfig.Activation.GELU && c.bias() && c.kvHeads() == c.heads();
        boolean llama = c.norm() == ModelConfig.Norm.RMS_NORM && c.positions() == ModelConfig.Positions.ROTARY
                && c.activation() == ModelConfig.Activation.SWIGLU && !c.bias();
        if (gpt2) return Style.GPT2;
        if (llama) return Style.LLAMA;
        throw new IllegalArgumentException("hf names: no HuggingFace architecture has norm " + c.norm() + ", positions " + c.positions()
                + ", activation " + c.activation() + ", bias " + c.bias() + ", heads " + c.heads() + "/" + c.kvHeads()
                + " (GPT-2: LAYER_NORM, LEARNED, GELU, bias, kvHeads = heads; Llama: RMS_NORM, ROTARY, SWIGLU, no bias)");
    }

    /** Every link of {@code c}'s parameters, in {@link ParameterNames} order. */
    static List<Link> links(ModelConfig c) {
        Style style = styleOf(c);
        List<Link> out = new ArrayList<>();
        for (String ours : ParameterNames.of(c)) out.add(style == Style.GPT2 ? gpt2(ours) : llama(ours));
        return out;
    }

    private static Link gpt2(String ours) {
        if (ours.equals("tok_emb.weight")) return copy(ours, "wte.weight");
        if (ours.equals("pos_emb.weight")) return copy(ours, "wpe.weight");
        if (ours.startsWith("ln_f.") || ours.equals("lm_head.weight")) return copy(ours, ours);
        String[] p = ours.split("\\.", 3); // blocks, i, rest
        String h = "h." + p[1] + ".";
        return switch (p[2]) {
            case "ln1.weight", "ln1.bias" -> copy(ours, h + "ln_1." + p[2].substring(4));
            case "ln2.weight", "ln2.bias" -> copy(ours, h + "ln_2." + p[2].substring(4));
            case "attn.qkv.weight" -> new Link(ours, List.of(h + "attn.c_attn.weight"), Kind.TRANSPOSE);
            case "attn.qkv.bias" -> copy(ours, h + "attn.c_attn.bias");
            case "attn.proj.weight" -> new Link(ours, List.of(h + "attn.c_proj.weight"), Kind.TRANSPOSE);
            case "attn.proj.bias" -> copy(ours, h + "attn.c_proj.bias");
            case "mlp.up.weight" -> new Link(ours, List.of(h + "mlp.c_fc.weight"), Kind.TRANSPOSE);
            case "mlp.up.bias" -> copy(ours, h + "mlp.c_fc.bias");
            case "mlp.down.weight" -> new Link(ours, List.of(h + "mlp.c_proj.weight"), Kind.TRANSPOSE);
            case "mlp.down.bias" -> copy(ours, h + "mlp.c_proj.bias");
            default -> throw new IllegalStateException("hf names: no GPT-2 name for '" + ours + "'");
        };
    }

    private static Link llama(String ours) {
        if (ours.equals("tok_emb.weight")) return copy(ours, "model.embed_tokens.weight");
        if (ours.equals("ln_f.weight")) return copy(ours, "model.norm.weight");
        if (ours.equals("lm_head.weight")) return copy(ours, ours);
        String[] p = ours.split("\\.", 3);
        String l = "model.layers." + p[1] + ".";
        return switch (p[2]) {
            case "ln1.weight" -> copy(ours, l + "input_layernorm.weight");
            case "ln2.weight" -> copy(ours, l + "post_attention_layernorm.weight");
            case "attn.qkv.weight" -> new Link(ours, List.of(l + "self_attn.q_proj.weight", l + "self_attn.k_proj.weight", l + "self_attn.v_proj.weight"), Kind.CONCAT_ROWS);
            case "attn.proj.weight" -> copy(ours, l + "self_attn.o_proj.weight");
            case "mlp.gate.weight" -> copy(ours, l + "mlp.gate_proj.weight");
            case "mlp.up.weight" -> copy(ours, l + "mlp.up_proj.weight");
            case "mlp.down.weight" -> copy(ours, l + "mlp.down_proj.weight");
            default -> throw new IllegalStateException("hf names: no Llama name for '" + ours + "'");
        };
    }

    private static Link copy(String ours, String hf) {
        return new Link(ours, List.of(hf), Kind.COPY);
    }

    /** The HF name → shape of every tensor an HF checkpoint of {@code c} holds, in our parameter order. */
    public static Map<String, int[]> hfShapes(ModelConfig c) {
        Map<String, int[]> out = new LinkedHashMap<>();
        for (Link link : links(c)) {
            int[] s = ParameterNames.shape(c, link.ours());
            switch (link.kind()) {
                case COPY -> out.put(link.hf().getFirst(), s);
                case TRANSPOSE -> out.put(link.hf().getFirst(), new int[] {s[1], s[0]});
                case CONCAT_ROWS -> {
                    int[] rows = qkvRows(c);
                    for (int i = 0; i < 3; i++) out.put(link.hf().get(i), new int[] {rows[i], s[1]});
                }
            }
        }
        return out;
    }

    /** Rows of q, k and v in the fused qkv weight: H·hs, KVH·hs, KVH·hs. */
    private static int[] qkvRows(ModelConfig c) {
        int hs = c.headSize();
        return new int[] {c.heads() * hs, c.kvHeads() * hs, c.kvHeads() * hs};
    }

    // ---- import --------------------------------------------------------------------------

    /** Reads one HF tensor by name (lets a caller load lazily from a file). */
    @FunctionalInterface
    interface Source {
        Tensor get(String hfName) throws IOException;
    }

    /**
     * Our parameters from the tensors of an HF checkpoint of {@code c}. A {@code transformer.}
     * prefix (GPT-2) is accepted, attention-mask and rotary-frequency buffers are skipped, and a
     * {@code lm_head.weight} beside tied embeddings must equal the embedding. Every missing,
     * unexpected or wrongly shaped HF tensor is listed in one error; {@code source} names the file.
     */
    public static Map<String, Tensor> toOurs(ModelConfig c, Map<String, Tensor> hf, String source) throws CheckpointFormatException {
        Map<String, int[]> shapes = new LinkedHashMap<>();
        hf.forEach((k, v) -> shapes.put(k, v.shape()));
        try {
            return toOurs(c, shapes, hf::get, source);
        } catch (CheckpointFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new IllegalStateException("unreachable: in-memory tensors do not fail to read", e);
        }
    }

    static Map<String, Tensor> toOurs(ModelConfig c, Map<String, int[]> hfShapes, Source hf, String source) throws IOException {
        Style style = styleOf(c);
        // Normalise the names: the optional prefix, the buffers that are not parameters.
        Map<String, String> byNormal = new LinkedHashMap<>(); // normalised name → name in the file
        for (String name : hfShapes.keySet()) {
            String n = style == Style.GPT2 && name.startsWith(GPT2_PREFIX) ? name.substring(GPT2_PREFIX.length()) : name;
            if ((style == Style.GPT2 ? GPT2_BUFFER : LLAMA_BUFFER).matcher(n).matches()) continue;
            byNormal.put(n, name);
        }
        List<String> problems = new ArrayList<>();
        String embedding = style == Style.GPT2 ? "wte.weight" : "model.embed_tokens.weight";
        if (c.tiedEmbeddings() && byNormal.containsKey("lm_head.weight")) {
            String head = byNormal.remove("lm_head.weight");
            String emb = byNormal.get(embedding);
            if (emb != null && (!Arrays.equals(hfShapes.get(head), hfShapes.get(emb))
                    || !Arrays.equals(hf.get(head).toArray(), hf.get(emb).toArray()))) {
                problems.add("'" + head + "' differs from '" + emb + "' but the config ties them");
            }
        }
        Map<String, int[]> expected = hfShapes(c);
        for (var e : expected.entrySet()) {
            String actual = byNormal.get(e.getKey());
            if (actual == null) problems.add("missing '" + e.getKey() + "' " + Arrays.toString(e.getValue()));
            else if (!Arrays.equals(hfShapes.get(actual), e.getValue())) {
                problems.add("'" + actual + "' has shape " + Arrays.toString(hfShapes.get(actual)) + ", expected " + Arrays.toString(e.getValue()));
            }
        }
        Set<String> unexpected = new TreeSet<>(byNormal.keySet());
        unexpected.removeAll(expected.keySet());
        for (String n : unexpected) problems.add("unexpected '" + byNormal.get(n) + "' " + Arrays.toString(hfShapes.get(byNormal.get(n))));
        if (!problems.isEmpty()) {
            throw new CheckpointFormatException(source + ": not a HuggingFace " + style + " checkpoint of this config, "
                    + problems.size() + (problems.size() == 1 ? " problem" : " problems") + ":\n  " + String.join("\n  ", problems));
        }
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Link link : links(c)) {
            int[] s = ParameterNames.shape(c, link.ours());
            Tensor t = switch (link.kind()) {
                case COPY -> hf.get(byNormal.get(link.hf().getFirst()));
                case TRANSPOSE -> Tensor.of(transpose(hf.get(byNormal.get(link.hf().getFirst())).toArray(), s[1], s[0]), s);
                case CONCAT_ROWS -> {
                    float[] fused = new float[s[0] * s[1]];
                    int at = 0;
                    for (String part : link.hf()) {
                        float[] a = hf.get(byNormal.get(part)).toArray();
                        System.arraycopy(a, 0, fused, at, a.length);
                        at += a.length;
                    }
                    yield Tensor.of(fused, s);
                }
            };
            out.put(link.ours(), t);
        }
        return out;
    }

    // ---- export --------------------------------------------------------------------------

    /**
     * HF tensors (GPT-2 names without the {@code transformer.} prefix, as on the Hub; Llama names
     * as LlamaForCausalLM saves them) for our parameters {@code ours} of {@code c}. Tied
     * embeddings are written once, as HF does. Fails listing every mismatch of {@code ours}.
     */
    public static Map<String, Tensor> toHf(ModelConfig c, Map<String, Tensor> ours) {
        Map<String, int[]> shapes = new LinkedHashMap<>();
        ours.forEach((k, v) -> shapes.put(k, v.shape()));
        List<String> problems = Checkpoint.mismatches(c, shapes);
        if (ours.containsKey("value_head.weight") || ours.containsKey("value_head.bias")) problems.add("a value head has no HuggingFace name");
        if (!problems.isEmpty()) throw new IllegalArgumentException("hf names: parameters do not match the config, " + problems.size() + " problem(s):\n  " + String.join("\n  ", problems));
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Link link : links(c)) {
            Tensor t = ours.get(link.ours());
            int[] s = t.shape();
            switch (link.kind()) {
                case COPY -> out.put(link.hf().getFirst(), t);
                case TRANSPOSE -> out.put(link.hf().getFirst(), Tensor.of(transpose(t.toArray(), s[0], s[1]), s[1], s[0]));
                case CONCAT_ROWS -> {
                    float[] fused = t.toArray();
                    int[] rows = qkvRows(c);
                    int at = 0;
                    for (int i = 0; i < 3; i++) {
                        out.put(link.hf().get(i), Tensor.of(Arrays.copyOfRange(fused, at, at + rows[i] * s[1]), rows[i], s[1]));
                        at += rows[i] * s[1];
                    }
                }
            }
        }
        return out;
    }

    /** The [cols, rows] transpose of row-major [rows, cols] {@code a}. */
    static float[] transpose(float[] a, int rows, int cols) {
        float[] t = new float[a.length];
        for (int r = 0; r < rows; r++) {
            for (int k = 0; k < cols; k++) t[k * rows + r] = a[r * cols + k];
        }
        return t;
    }
}
