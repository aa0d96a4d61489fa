package dev.autodidact.transformer.checkpoint;

import dev.autodidact.autograd.nn.State;
import dev.autodidact.tensor.Tensor;
import dev.autodidact.tokenizer.Tokenizer;
import dev.autodidact.tokenizer.TokenizerJson;
import dev.autodidact.transformer.ModelConfig;
import dev.autodidact.transformer.ParameterNames;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

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
        save(dir, modelDtype, SaveHook.NONE);
    }

    /** A point in {@link #save} where tests inject failures. */
    @FunctionalInterface
    interface SaveHook {
        SaveHook NONE = step -> {};

        /** Called after each file is written (with its name), then with "synced", "moved-aside" and "renamed". */
        void reached(String step) throws IOException;
    }

    void save(Path dir, DType modelDtype, SaveHook hook) throws IOException {
        List<String> problems = mismatches(config, shapesOf(model.tensors()));
        if (!problems.isEmpty()) throw new IllegalArgumentException("checkpoint " + dir + ": parameters do not match the config, " + listing(problems));
        if (tokenizer.vocabSize() > config.vocabSize()) {
            throw new IllegalArgumentException("checkpoint " + dir + ": tokenizer has " + tokenizer.vocabSize() + " tokens, more than the model's vocabSize " + config.vocabSize());
        }
        Path target = dir.toAbsolutePath().normalize();
        Path parent = target.getParent();
        Files.createDirectories(parent);
        recover(target);
        String base = target.getFileName().toString();
        Path temp = Files.createTempDirectory(parent, "." + base + ".partial-");
        Path aside = null;
        boolean inPlace = false;
        try {
            Map<String, String> meta = new LinkedHashMap<>();
            meta.put("format", "pt"); // HuggingFace transformers refuses safetensors files without it
            meta.putAll(counterMetadata(model));
            SafeTensors.write(temp.resolve(MODEL_FILE), model.tensors(), modelDtype, meta);
            hook.reached(MODEL_FILE);
            ConfigJson.write(config, temp.resolve(CONFIG_FILE));
            hook.reached(CONFIG_FILE);
            Durable.write(temp.resolve(TOKENIZER_FILE), TokenizerJson.toJson(tokenizer).getBytes(StandardCharsets.UTF_8));
            hook.reached(TOKENIZER_FILE);
            if (optimizer.isPresent()) {
                SafeTensors.write(temp.resolve(OPTIMIZER_FILE), optimizer.get().tensors(), DType.F32, counterMetadata(optimizer.get()));
                hook.reached(OPTIMIZER_FILE);
            }
            if (trainer.isPresent()) {
                trainer.get().write(temp.resolve(TRAINER_FILE));
                hook.reached(TRAINER_FILE);
            }
            Durable.syncDirectory(temp);
            hook.reached("synced");
            if (Files.exists(target)) {
                aside = freshSibling(parent, "." + base + ".old-");
                Files.move(target, aside, StandardCopyOption.ATOMIC_MOVE);
                hook.reached("moved-aside");
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            inPlace = true;
            Durable.syncDirectory(parent);
            hook.reached("renamed");
        } catch (IOException | RuntimeException | Error e) {
            if (!inPlace) {
                try {
                    Durable.deleteRecursively(temp);
                    if (aside != null && !Files.exists(target)) Files.move(aside, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException cleanup) {
                    e.addSuppressed(cleanup);
                }
            }
            throw e;
        }
        if (aside != null) {
            try {
                Durable.deleteRecursively(aside);
            } catch (IOException e) {
                throw new IOException("checkpoint saved to " + target + ", but the previous one, moved to " + aside + ", could not be deleted", e);
            }
        }
    }

    private static Map<String, String> counterMetadata(State s) {
        Map<String, String> m = new LinkedHashMap<>();
        s.counters().forEach((k, v) -> m.put(COUNTER_PREFIX + k, Long.toString(v)));
        return m;
    }

    private static Path freshSibling(Path parent, String prefix) {
        while (true) {
            Path p = parent.resolve(prefix + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36));
            if (!Files.exists(p)) return p;
        }
    }

    /**
     * Tidies what an interrupted {@link #save} of {@code dir} left beside it: partial directories
     * are deleted; a previous checkpoint that was moved aside is moved back when {@code dir} is
     * missing (the newest, if several), and deleted otherwise. Returns whether it restored one.
     */
    public static boolean recover(Path dir) throws IOException {
        Path target = dir.toAbsolutePath().normalize();
        Path parent = target.getParent();
        if (parent == null || !Files.isDirectory(parent)) return false;
        String base = target.getFileName().toString();
        List<Path> partial = siblings(parent, "." + base + ".partial-"), old = siblings(parent, "." + base + ".old-");
        for (Path p : partial) Durable.deleteRecursively(p);
        boolean restored = false;
        if (!Files.exists(target) && !old.isEmpty()) {
            old.sort(Comparator.comparing((Path p) -> {
                try {
                    return Files.getLastModifiedTime(p);
                } catch (IOException e) {
                    return java.nio.file.attribute.FileTime.fromMillis(0);
                }
            }).reversed());
            Files.move(old.removeFirst(), target, StandardCopyOption.ATOMIC_MOVE);
            Durable.syncDirectory(parent);
            restored = true;
        }
        for (Path p : old) Durable.deleteRecursively(p);
        return restored;
    }

    private static List<Path> siblings(Path parent, String prefix) throws IOException {
        try (Stream<Path> s = Files.list(parent)) {
            return new ArrayList<>(s.filter(p -> p.getFileName().toString().startsWith(prefix)).toList());
        }
    }

    // ---- loading -------------------------------------------------------------------------

    /**
     * Loads the checkpoint in {@code dir}, validating each file: parameter names, shapes and
     * dtypes against config.json (every mismatch listed in one error), the tokenizer's size
     * against the vocabulary, and the optional optimizer and trainer files when present.
     */
    public static Checkpoint load(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            String hint = "";
            Path parent = dir.toAbsolutePath().normalize().getParent();
            if (parent != null && Files.isDirectory(parent) && !siblings(parent, "." + dir.getFileName() + ".old-").isEmpty()) {
                hint = "; an interrupted save left the previous checkpoint beside it, Checkpoint.recover(" + dir + ") restores it";
            }
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
        } catch (RuntimeException e) { // TokenizerFormatException names the file already
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
