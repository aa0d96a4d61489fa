package dev.autodidact.transformer.checkpoint;

import dev.autodidact.autograd.nn.State;
import dev.autodidact.tensor.Tensor;
import dev.autodidact.tokenizer.Tokenizer;
import dev.autodidact.tokenizer.TokenizerFormatException;
import dev.autodidact.tokenizer.TokenizerJson;
import dev.autodidact.transformer.ModelConfig;
import dev.autodidact.transformer.ParameterNames;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Everything needed to use or resume a model, and its directory on disk:
 *
 * <pre>
 * DIR/model.safetensors      parameters (names of {@link ParameterNames}), F32 or BF16; module counters in the metadata
 * DIR/config.json            the {@link ModelConfig} ({@link ConfigJson})
 * DIR/tokenizer.json         the tokenizer (HuggingFace tokenizer.json)
 * DIR/optimizer.safetensors  optional: optimizer tensors (F32) and counters in the metadata
 * DIR/trainer_state.json     optional: {@link TrainerState}
 * </pre>
 *
 * <p>{@link #save} writes the files into a hidden sibling directory, forces them to the disk and
 * renames the directory into place; an existing checkpoint is renamed aside first and deleted
 * only once the new one is in place. A crash at any moment therefore leaves either the old
 * checkpoint or the new one at {@code DIR}, never a mixture; {@link #recover} tidies what an
 * interrupted save left beside it. One writer per directory at a time.
 *
 * <p>The API is independent of the model class: parameters are a name → tensor map (with the
 * counters a {@code Module.state()} carries), optimizer state is an {@code Optimizer.state()}.
 *
 * @param config    the model's shape
 * @param model     parameters by {@link ParameterNames} name (a value head's {@code value_head.*} may be added), and module counters
 * @param tokenizer the tokenizer whose ids the model was trained on (its vocabulary fits in {@code config.vocabSize()})
 * @param optimizer optimizer state, for resuming training
 * @param trainer   step, RNG and data position, for resuming training
 */
public record Checkpoint(ModelConfig config, State model, Tokenizer tokenizer, Optional<State> optimizer, Optional<TrainerState> trainer) {
    public static final String MODEL_FILE = "model.safetensors";
    public static final String CONFIG_FILE = "config.json";
    public static final String TOKENIZER_FILE = "tokenizer.json";
    public static final String OPTIMIZER_FILE = "optimizer.safetensors";
    public static final String TRAINER_FILE = TrainerState.FILE;
    /** Metadata key prefix under which a State's counters are stored in a safetensors header. */
    public static final String COUNTER_PREFIX = "counter.";

    public Checkpoint {
        if (config == null || model == null || tokenizer == null || optimizer == null || trainer == null) {
            throw new IllegalArgumentException("checkpoint: config, model, tokenizer, optimizer and trainer must be non-null (use Optional.empty())");
        }
    }

    /** A checkpoint of parameters alone (no counters, optimizer or trainer state): enough to sample from. */
    public static Checkpoint of(ModelConfig config, Map<String, Tensor> parameters, Tokenizer tokenizer) {
        return new Checkpoint(config, new State(parameters, Map.of()), tokenizer, Optional.empty(), Optional.empty());
    }

    /** A checkpoint of a module's state ({@code Module.state()}: parameters and counters, such as dropout's), with no optimizer or trainer state. */
    public static Checkpoint of(ModelConfig config, State model, Tokenizer tokenizer) {
        return new Checkpoint(config, model, tokenizer, Optional.empty(), Optional.empty());
    }

    /** The parameters by name. */
    public Map<String, Tensor> parameters() {
        return model.tensors();
    }

    public Checkpoint withOptimizer(State state) {
        return new Checkpoint(config, model, tokenizer, Optional.of(state), trainer);
    }

    public Checkpoint withTrainer(TrainerState state) {
        return new Checkpoint(config, model, tokenizer, optimizer, Optional.of(state));
    }

    // ---- validation ----------------------------------------------------------------------

    /**
     * Every way {@code shapes} (tensor name → shape) differs from the parameters of {@code config}:
     * missing names, names with the wrong shape, unexpected names, one sentence each; empty when
     * they match. {@code value_head.weight} and {@code value_head.bias} may appear, together.
     */
    public static List<String> mismatches(ModelConfig config, Map<String, int[]> shapes) {
        List<String> missing = new ArrayList<>(), wrong = new ArrayList<>(), unexpected = new ArrayList<>();
        List<String> expected = new ArrayList<>(ParameterNames.of(config));
        if (shapes.containsKey("value_head.weight") || shapes.containsKey("value_head.bias")) {
            expected.add("value_head.weight");
            expected.add("value_head.bias");
        }
        for (String name : expected) {
            int[] want = ParameterNames.shape(config, name), have = shapes.get(name);
            if (have == null) missing.add("missing '" + name + "' " + Arrays.toString(want));
            else if (!Arrays.equals(want, have)) wrong.add("'" + name + "' has shape " + Arrays.toString(have) + ", expected " + Arrays.toString(want));
        }
        Set<String> extra = new TreeSet<>(shapes.keySet());
        expected.forEach(extra::remove);
        for (String name : extra) unexpected.add("unexpected '" + name + "' " + Arrays.toString(shapes.get(name)));
        List<String> all = new ArrayList<>(missing);
        all.addAll(wrong);
        all.addAll(unexpected);
        return all;
    }

    private static Map<String, int[]> shapesOf(Map<String, Tensor> tensors) {
        Map<String, int[]> out = new LinkedHashMap<>();
        tensors.forEach((k, v) -> out.put(k, v.shape()));
        return out;
    }

    private static String listing(List<String> problems) {
        return problems.size() + (problems.size() == 1 ? " mismatch" : " mismatches") + ":\n  " + String.join("\n  ", problems);
    }

    // ---- saving --------------------------------------------------------------------------

    /** Saves with F32 parameters (exact resume). */
    public void save(Path dir) throws IOException {
        save(dir, DType.F32);
    }

    /** Saves with parameters in {@code modelDtype} (F32, or BF16 for half the size); optimizer state is always F32. */
    public void save(Path dir, DType modelDtype) throws IOException {
        save(dir, modelDtype, AtomicDirectory.Hook.NONE);
    }

    void save(Path dir, DType modelDtype, AtomicDirectory.Hook hook) throws IOException {
        List<String> problems = mismatches(config, shapesOf(model.tensors()));
        if (!problems.isEmpty()) throw new IllegalArgumentException("checkpoint " + dir + ": parameters do not match the config, " + listing(problems));
        if (tokenizer.vocabSize() > config.vocabSize()) {
            throw new IllegalArgumentException("checkpoint " + dir + ": tokenizer has " + tokenizer.vocabSize() + " tokens, more than the model's vocabSize " + config.vocabSize());
        }
        AtomicDirectory.write(dir, (temp, h) -> {
            Map<String, String> meta = new LinkedHashMap<>();
            meta.put("format", "pt"); // HuggingFace transformers refuses safetensors files without it
            meta.putAll(counterMetadata(model));
            SafeTensors.write(temp.resolve(MODEL_FILE), model.tensors(), modelDtype, meta);
            h.reached(MODEL_FILE);
            ConfigJson.write(config, temp.resolve(CONFIG_FILE));
            h.reached(CONFIG_FILE);
            Durable.write(temp.resolve(TOKENIZER_FILE), TokenizerJson.toJson(tokenizer).getBytes(StandardCharsets.UTF_8));
            h.reached(TOKENIZER_FILE);
            if (optimizer.isPresent()) {
                SafeTensors.write(temp.resolve(OPTIMIZER_FILE), optimizer.get().tensors(), DType.F32, counterMetadata(optimizer.get()));
                h.reached(OPTIMIZER_FILE);
            }
            if (trainer.isPresent()) {
                trainer.get().write(temp.resolve(TRAINER_FILE));
                h.reached(TRAINER_FILE);
            }
        }, hook);
    }

    private static Map<String, String> counterMetadata(State s) {
        Map<String, String> m = new LinkedHashMap<>();
        s.counters().forEach((k, v) -> m.put(COUNTER_PREFIX + k, Long.toString(v)));
        return m;
    }

    /**
     * Tidies what an interrupted {@link #save} of {@code dir} left beside it: partial directories
     * are deleted; a previous checkpoint that was moved aside is moved back when {@code dir} is
     * missing, and deleted otherwise. Returns whether it restored one. {@link #save} calls it first.
     */
    public static boolean recover(Path dir) throws IOException {
        return AtomicDirectory.recover(dir);
    }

    /**
     * The checkpoint directory of {@code runDir} to resume from: among its visible subdirectories
     * holding a model, config and tokenizer, the one with the highest trainer step (those without
     * trainer state count as step -1), ties broken by the larger name. Hidden directories (an
     * interrupted save's leftovers) are never chosen. Empty when there is none.
     */
    public static Optional<Path> latest(Path runDir) throws IOException {
        if (!Files.isDirectory(runDir)) return Optional.empty();
        Path best = null;
        long bestStep = Long.MIN_VALUE;
        try (var s = Files.list(runDir)) {
            for (Path d : s.sorted().toList()) {
                if (d.getFileName().toString().startsWith(".") || !Files.isDirectory(d)) continue;
                if (!Files.isRegularFile(d.resolve(MODEL_FILE)) || !Files.isRegularFile(d.resolve(CONFIG_FILE)) || !Files.isRegularFile(d.resolve(TOKENIZER_FILE))) continue;
                long step = Files.isRegularFile(d.resolve(TRAINER_FILE)) ? TrainerState.read(d.resolve(TRAINER_FILE)).step() : -1;
                if (step >= bestStep) {
                    best = d;
                    bestStep = step;
                }
            }
        }
        return Optional.ofNullable(best);
    }

    // ---- loading -------------------------------------------------------------------------

    /**
     * Loads the checkpoint in {@code dir}, validating each file: parameter names, shapes and
     * dtypes against config.json (every mismatch listed in one error), the tokenizer's size
     * against the vocabulary, and the optional optimizer and trainer files when present.
     */
    public static Checkpoint load(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            String hint = AtomicDirectory.hasAside(dir)
                    ? "; an interrupted save left the previous checkpoint beside it, Checkpoint.recover(" + dir + ") restores it" : "";
            throw new NoSuchFileException(dir.toString(), null, "no checkpoint directory" + hint);
        }
        Path configFile = dir.resolve(CONFIG_FILE), modelFile = dir.resolve(MODEL_FILE);
        ModelConfig config = ConfigJson.read(configFile);
        State model;
        try (SafeTensorsFile f = SafeTensorsFile.open(modelFile)) {
            Map<String, int[]> shapes = new LinkedHashMap<>();
            List<String> problems = new ArrayList<>();
            for (TensorEntry e : f.entries().values()) {
                shapes.put(e.name(), e.shape());
                if (!e.dtype().readable()) problems.add("'" + e.name() + "' has dtype " + e.dtype() + ", expected F32, BF16 or F16");
            }
            problems.addAll(0, mismatches(config, shapes));
            if (!problems.isEmpty()) throw new CheckpointFormatException(modelFile + ": does not match " + configFile + ", " + listing(problems));
            model = new State(f.readAll(), counters(f));
        }
        Path tokenizerFile = dir.resolve(TOKENIZER_FILE);
        Tokenizer tokenizer;
        try {
            tokenizer = TokenizerJson.read(tokenizerFile);
        } catch (TokenizerFormatException e) { // names the file already
            throw new CheckpointFormatException(e.getMessage(), e);
        }
        if (tokenizer.vocabSize() > config.vocabSize()) {
            throw new CheckpointFormatException(tokenizerFile + ": has " + tokenizer.vocabSize() + " tokens, more than vocabSize " + config.vocabSize() + " of " + configFile);
        }
        Optional<State> optimizer = Optional.empty();
        Path optimizerFile = dir.resolve(OPTIMIZER_FILE);
        if (Files.exists(optimizerFile)) {
            try (SafeTensorsFile f = SafeTensorsFile.open(optimizerFile)) {
                optimizer = Optional.of(new State(f.readAll(), counters(f)));
            }
        }
        Path trainerFile = dir.resolve(TRAINER_FILE);
        Optional<TrainerState> trainer = Files.exists(trainerFile) ? Optional.of(TrainerState.read(trainerFile)) : Optional.empty();
        return new Checkpoint(config, model, tokenizer, optimizer, trainer);
    }

    private static Map<String, Long> counters(SafeTensorsFile f) throws CheckpointFormatException {
        Map<String, Long> out = new LinkedHashMap<>();
        for (var e : f.metadata().entrySet()) {
            if (!e.getKey().startsWith(COUNTER_PREFIX)) continue;
            try {
                out.put(e.getKey().substring(COUNTER_PREFIX.length()), Long.parseLong(e.getValue()));
            } catch (NumberFormatException x) {
                throw new CheckpointFormatException(f.path() + ": metadata '" + e.getKey() + "' must be an integer, got '" + e.getValue() + "'");
            }
        }
        return out;
    }
}
