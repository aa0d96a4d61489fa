package dev.autodidact.transformer;

/**
 * Shape and options of a decoder-only transformer. GPT-2 style = LayerNorm, learned positions,
 * GELU, biases; Llama style = RMSNorm, rotary positions, SwiGLU, no biases. Parameter names
 * are fixed by {@link ParameterNames}.
 *
 * @param vocabSize      V
 * @param dModel         C, the residual width
 * @param layers         number of blocks
 * @param heads          H, query heads
 * @param kvHeads        key/value heads (grouped-query attention when fewer than H; H must be a multiple)
 * @param ffnDim         F, hidden width of the feed-forward block
 * @param contextLength  the most positions a sequence may have (prompt + generated)
 * @param ropeTheta      rotary base θ (used only with {@link Positions#ROTARY})
 * @param tiedEmbeddings the output projection reuses the token embedding
 * @param dropout        dropout probability in training mode (0 disables)
 * @param initStd        std of the normal initialiser (residual projections get initStd/√(2·layers), as GPT-2)
 * @param normEps        epsilon of the norms
 * @param bias           linear layers and LayerNorm carry biases
 */
public record ModelConfig(int vocabSize, int dModel, int layers, int heads, int kvHeads, int ffnDim, int contextLength,
                          Norm norm, Positions positions, float ropeTheta, Activation activation, boolean tiedEmbeddings,
                          float dropout, float initStd, float normEps, boolean bias) {

    public enum Norm { LAYER_NORM, RMS_NORM }

    public enum Positions { LEARNED, ROTARY }

    public enum Activation { GELU, SWIGLU }

    public ModelConfig {
        require(vocabSize > 0, "vocabSize must be positive, got " + vocabSize);
        require(dModel > 0, "dModel must be positive, got " + dModel);
        require(layers > 0, "layers must be positive, got " + layers);
        require(heads > 0 && dModel % heads == 0, "dModel " + dModel + " must be a positive multiple of heads " + heads);
        require(kvHeads > 0 && heads % kvHeads == 0, "heads " + heads + " must be a multiple of kvHeads " + kvHeads);
        require(ffnDim > 0, "ffnDim must be positive, got " + ffnDim);
        require(contextLength > 0, "contextLength must be positive, got " + contextLength);
        require(positions != Positions.ROTARY || (dModel / heads) % 2 == 0, "rotary positions need an even head size, got " + dModel / heads);
        require(dropout >= 0 && dropout < 1, "dropout must be in [0, 1), got " + dropout);
        require(initStd > 0, "initStd must be positive, got " + initStd);
        require(normEps > 0, "normEps must be positive, got " + normEps);
        require(norm != null && positions != null && activation != null, "norm, positions and activation must be set");
    }

    private static void require(boolean ok, String message) {
        if (!ok) throw new IllegalArgumentException("model config: " + message);
    }

    /** hs = C / H. */
    public int headSize() {
        return dModel / heads;
    }

    /** A GPT-2-style configuration: LayerNorm, learned positions, GELU (tanh), biases, tied embeddings, F = 4C. */
    public static ModelConfig gpt2Style(int vocabSize, int dModel, int layers, int heads, int contextLength) {
        return new ModelConfig(vocabSize, dModel, layers, heads, heads, 4 * dModel, contextLength,
                Norm.LAYER_NORM, Positions.LEARNED, 10000f, Activation.GELU, true, 0f, 0.02f, 1e-5f, true);
    }

    /** A Llama-style configuration: RMSNorm, rotary positions (θ = 10000), SwiGLU with F ≈ 8C/3 rounded up to 32, no biases, untied. */
    public static ModelConfig llamaStyle(int vocabSize, int dModel, int layers, int heads, int kvHeads, int contextLength) {
        int ffn = ((8 * dModel / 3) + 31) / 32 * 32;
        return new ModelConfig(vocabSize, dModel, layers, heads, kvHeads, ffn, contextLength,
                Norm.RMS_NORM, Positions.ROTARY, 10000f, Activation.SWIGLU, false, 0f, 0.02f, 1e-5f, false);
    }

    /** Preset S of perf-anchors.md: vocab 64, C 128, 4 layers, 4 heads, context 64 (GPT-2 style). */
    public static ModelConfig presetS() {
        return gpt2Style(64, 128, 4, 4, 64);
    }

    /** Preset M: vocab 512, C 256, 6 layers, 8 heads, context 128 (GPT-2 style). */
    public static ModelConfig presetM() {
        return gpt2Style(512, 256, 6, 8, 128);
    }

    /** Preset L: vocab 4096, C 512, 8 layers, 8 heads, context 256 (GPT-2 style). */
    public static ModelConfig presetL() {
        return gpt2Style(4096, 512, 8, 8, 256);
    }

    /** A preset by name: S, M or L. */
    public static ModelConfig preset(String name) {
        return switch (name.toUpperCase(java.util.Locale.ROOT)) {
            case "S" -> presetS();
            case "M" -> presetM();
            case "L" -> presetL();
            default -> throw new IllegalArgumentException("model config: unknown preset '" + name + "' (known: S, M, L)");
        };
    }

    /** The same configuration with another vocabulary size (a tokenizer decides V). */
    public ModelConfig withVocabSize(int v) {
        return new ModelConfig(v, dModel, layers, heads, kvHeads, ffnDim, contextLength, norm, positions, ropeTheta, activation,
                tiedEmbeddings, dropout, initStd, normEps, bias);
    }

    /** The same configuration with another dropout probability. */
    public ModelConfig withDropout(float p) {
        return new ModelConfig(vocabSize, dModel, layers, heads, kvHeads, ffnDim, contextLength, norm, positions, ropeTheta, activation,
                tiedEmbeddings, p, initStd, normEps, bias);
    }
}
