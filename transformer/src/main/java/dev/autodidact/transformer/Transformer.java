package dev.autodidact.transformer;

import dev.autodidact.autograd.Var;
import dev.autodidact.autograd.fused.CrossEntropy;
import dev.autodidact.autograd.fused.LinearOp;
import dev.autodidact.autograd.nn.Dropout;
import dev.autodidact.autograd.nn.Embedding;
import dev.autodidact.autograd.nn.Init;
import dev.autodidact.autograd.nn.Linear;
import dev.autodidact.autograd.nn.Module;
import dev.autodidact.autograd.nn.Parameter;
import dev.autodidact.tensor.Arena;
import dev.autodidact.tensor.IntTensor;
import dev.autodidact.tensor.Shapes;
import dev.autodidact.tensor.Tensor;
import dev.autodidact.tensor.random.Rng;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The decoder-only language model: token (+ learned position) embedding, pre-norm blocks, a
 * final norm and an output head (tied to the token embedding or its own), optionally a scalar
 * value head. This class is the training forward through autograd; {@link dev.autodidact.transformer.infer.Decoder}
 * runs the same weights without the tape for sampling.
 *
 * <p>Parameter names are exactly {@link ParameterNames#of} (plus value_head.* when attached).
 * Hidden state l is the residual stream after l blocks: 0 is the embedding output, layers is
 * the output of the last block (before ln_f).
 */
public final class Transformer extends Module {
    /** Targets equal to this are not part of a loss (prompt tokens, padding). */
    public static final int IGNORE = -1;

    private final ModelConfig config;
    private final Embedding tokEmb, posEmb;   // posEmb null with rotary positions
    private final Block[] blocks;
    private final Norm lnF;
    private final Linear lmHead, valueHead;   // null when tied / not attached
    private final Dropout embDrop;

    /** GPT-2 initialisation from {@code seed}; a value head when {@code valueHead}. */
    public Transformer(ModelConfig config, long seed, boolean valueHead) {
        this.config = config;
        Rng rng = Rng.derive(seed, 0x5EED);
        Init normal = Init.normal(config.initStd());
        this.tokEmb = child("tok_emb", new Embedding(config.vocabSize(), config.dModel(), normal, rng));
        this.posEmb = config.positions() == ModelConfig.Positions.LEARNED
                ? child("pos_emb", new Embedding(config.contextLength(), config.dModel(), normal, rng)) : null;
        Stack stack = child("blocks", new Stack());
        this.blocks = new Block[config.layers()];
        for (int i = 0; i < blocks.length; i++) blocks[i] = stack.add(i, new Block(config, rng, Rng.derive(seed, 0xD80, i).nextLong()));
        this.lnF = child("ln_f", new Norm(config));
        this.lmHead = config.tiedEmbeddings() ? null : child("lm_head", new Linear(config.dModel(), config.vocabSize(), false, normal, rng));
        this.valueHead = valueHead ? child("value_head", new Linear(config.dModel(), 1, true, normal, rng)) : null;
        this.embDrop = child("emb_drop", new Dropout(config.dropout(), Rng.derive(seed, 0xD80).nextLong()));
    }

    public Transformer(ModelConfig config, long seed) {
        this(config, seed, false);
    }

    /** Holds the blocks so that their names are blocks.{i}.*. */
    private static final class Stack extends Module {
        Block add(int i, Block b) {
            return child(Integer.toString(i), b);
        }
    }

    public ModelConfig config() { return config; }
    public boolean hasValueHead() { return valueHead != null; }

    // ---- training forward ----------------------------------------------------------------

    /** What one forward pass produced; hidden states only for the layers asked for. */
    public record Output(Var logits, Var finalHidden, Map<Integer, Var> hidden, Optional<Var> values) {}

    /** ids [B, T] → logits [B, T, V]; keyMask [B, T] (1 = real token) or null when nothing is padded. */
    public Var forward(IntTensor ids, Tensor keyMask) {
        return run(ids, keyMask, Set.of(), false).logits();
    }

    /**
     * The full forward: logits [B, T, V], the final normed hidden state [B, T, C], hidden states
     * [B, T, C] of the layers in {@code hiddenLayers} (0..layers), and values [B, T] when asked
     * (needs the value head).
     */
    public Output run(IntTensor ids, Tensor keyMask, Set<Integer> hiddenLayers, boolean withValues) {
        int b = checkIds(ids, keyMask);
        int t = ids.shape()[1];
        for (int l : hiddenLayers) {
            if (l < 0 || l > config.layers()) throw new IllegalArgumentException("transformer: hidden layer " + l + " is outside [0, " + config.layers() + "]");
        }
        if (withValues && valueHead == null) throw new IllegalStateException("transformer: values were requested but the model has no value head (construct it with valueHead = true)");
        Var x = tokEmb.forward(ids);                                                     // [B, T, C]
        if (posEmb != null) x = x.add(posEmb.forward(positions(t)));                     // + [T, C]
        x = embDrop.forward(x);
        Map<Integer, Var> hidden = new TreeMap<>();
        if (hiddenLayers.contains(0)) hidden.put(0, x);
        for (int i = 0; i < blocks.length; i++) {
            x = blocks[i].forward(x, keyMask);
            if (hiddenLayers.contains(i + 1)) hidden.put(i + 1, x);
        }
        Var h = lnF.forward(x);                                                          // [B, T, C]
        Var logits = LinearOp.linear(h, headWeight().var(), null);                       // [B, T, V]
        Optional<Var> values = withValues ? Optional.of(valueHead.forward(h).reshape(b, t)) : Optional.empty();
        return new Output(logits, h, hidden, values);
    }

    /**
     * Mean cross-entropy over the positions whose target is not {@link #IGNORE}, each weighted:
     * logits of ids [B, T] against targets [B, T] (target t is the token after position t).
     */
    public Var loss(IntTensor ids, Tensor keyMask, IntTensor targets, Tensor weights) {
        if (!Arrays.equals(ids.shape(), targets.shape())) {
            throw new IllegalArgumentException("transformer loss: ids " + Shapes.format(ids.shape()) + " and targets " + Shapes.format(targets.shape()) + " differ");
        }
        return CrossEntropy.loss(forward(ids, keyMask), targets, IGNORE, weights, CrossEntropy.Reduction.MEAN);
    }

    /** The loss of a {@link SupervisedBatch}. */
    public Var loss(SupervisedBatch batch) {
        return loss(batch.ids(), batch.keyMask(), batch.targets(), batch.weights());
    }

    private int checkIds(IntTensor ids, Tensor keyMask) {
        if (ids.dim() != 2) throw new IllegalArgumentException("transformer: ids must be [B, T], got " + Shapes.format(ids.shape()));
        int b = ids.shape()[0], t = ids.shape()[1];
        if (t > config.contextLength()) throw new IllegalArgumentException("transformer: ids " + Shapes.format(ids.shape()) + " are longer than the context length " + config.contextLength());
        if (keyMask != null && !Arrays.equals(keyMask.shape(), new int[] {b, t})) {
            throw new IllegalArgumentException("transformer: key mask " + Shapes.format(keyMask.shape()) + " must match ids " + Shapes.format(ids.shape()));
        }
        int v = config.vocabSize();
        for (int id : ids.data()) if (id < 0 || id >= v) throw new IllegalArgumentException("transformer: token id " + id + " is outside the vocabulary [0, " + v + ")");
        return b;
    }

    private static IntTensor positions(int t) {
        int[] p = new int[t];
        for (int i = 0; i < t; i++) p[i] = i;
        return IntTensor.vector(p);
    }

    // ---- weights for the inference engine -------------------------------------------------

    /** The output projection [V, C]: the token embedding when tied. */
    public Parameter headWeight() { return lmHead != null ? lmHead.weight() : tokEmb.weight(); }
    public Parameter tokenEmbedding() { return tokEmb.weight(); }
    public Optional<Parameter> positionEmbedding() { return posEmb == null ? Optional.empty() : Optional.of(posEmb.weight()); }
    public Block block(int i) { return blocks[i]; }
    public Norm finalNorm() { return lnF; }
    public Optional<Linear> valueHead() { return Optional.ofNullable(valueHead); }

    // ---- parameters as named tensors (checkpoints) -----------------------------------------

    /** The live parameter tensors by checkpoint name (ParameterNames order, then value_head.*); writes change the model. */
    public Map<String, Tensor> parameterTensors() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (var e : namedParameters().entrySet()) out.put(e.getKey(), e.getValue().value());
        return out;
    }

    /** The checkpoint names this model expects, in order. */
    public List<String> parameterNames() {
        return List.copyOf(namedParameters().keySet());
    }

    /** Copies of every parameter into {@code target} (name → tensor), for a checkpoint writer. */
    public void saveParametersInto(Map<String, Tensor> target) {
        try (var o = Arena.outside()) {
            for (var e : namedParameters().entrySet()) target.put(e.getKey(), e.getValue().value().copy());
        }
    }

    /**
     * Overwrites every parameter from {@code source}. Every expected name must be present with its
     * shape and no unknown name may appear — a checkpoint of another architecture is refused
     * before anything is changed. value_head.* may be absent (it keeps its initialisation) so a
     * base checkpoint loads into a model with a fresh value head.
     */
    public void loadParameters(Map<String, Tensor> source) {
        Map<String, Parameter> named = namedParameters();
        Set<String> unknown = new LinkedHashSet<>(source.keySet());
        unknown.removeAll(named.keySet());
        if (!unknown.isEmpty()) throw new IllegalArgumentException("transformer: the parameters " + unknown + " do not belong to a model of config " + config);
        for (var e : named.entrySet()) {
            Tensor src = source.get(e.getKey());
            if (src == null) {
                if (e.getKey().startsWith("value_head.")) continue;
                throw new IllegalArgumentException("transformer: parameter '" + e.getKey() + "' " + Shapes.format(e.getValue().shape()) + " is missing");
            }
            if (!Arrays.equals(src.shape(), e.getValue().shape())) {
                throw new IllegalArgumentException("transformer: parameter '" + e.getKey() + "' has shape " + Shapes.format(e.getValue().shape())
                        + " but the source holds " + Shapes.format(src.shape()));
            }
        }
        for (var e : named.entrySet()) {
            Tensor src = source.get(e.getKey());
            if (src != null) e.getValue().value().copyFrom(src);
        }
    }
}
