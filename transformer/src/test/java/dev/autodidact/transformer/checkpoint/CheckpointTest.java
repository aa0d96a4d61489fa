package dev.autodidact.transformer.checkpoint;

import dev.autodidact.autograd.nn.State;
import dev.autodidact.tensor.Tensor;
import dev.autodidact.tokenizer.CharTokenizer;
import dev.autodidact.tokenizer.TokenizerJson;
import dev.autodidact.transformer.ModelConfig;
import dev.autodidact.transformer.ParameterNames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static dev.autodidact.transformer.checkpoint.RawFiles.*;
import static org.junit.jupiter.api.Assertions.*;

class CheckpointTest {
    static final ModelConfig CONFIG = ModelConfig.gpt2Style(12, 16, 2, 2, 8);
    static final CharTokenizer TOKENIZER = CharTokenizer.of("abcdefgh", List.of("<eos>"));

    @TempDir
    Path root;

    /** Random parameters of {@code c}, in ParameterNames order. */
    static Map<String, Tensor> parameters(ModelConfig c, long seed) {
        Map<String, int[]> shapes = new LinkedHashMap<>();
        for (String n : ParameterNames.of(c)) shapes.put(n, ParameterNames.shape(c, n));
        return randomTensors(seed, shapes);
    }

    /** A full checkpoint: parameters and a dropout counter, AdamW-like moments, trainer state. */
    static Checkpoint full(long seed) {
        Map<String, Tensor> p = parameters(CONFIG, seed);
        Map<String, Tensor> moments = new LinkedHashMap<>();
        SplittableRandom rng = new SplittableRandom(seed + 1);
        p.forEach((k, v) -> {
            moments.put("m." + k, random(rng, v.shape()));
            moments.put("v." + k, random(rng, v.shape()));
        });
        return new Checkpoint(CONFIG, new State(p, Map.of("drop.calls", 17L + seed)), TOKENIZER, java.util.Optional.of(new State(moments, Map.of("step", 40L + seed))),
                java.util.Optional.of(new TrainerState(40 + seed, new long[] {seed, -seed, Long.MAX_VALUE}, 640 + seed, Map.of("metrics", "offset " + seed))));
    }

    static void assertSameCheckpoint(Checkpoint expected, Checkpoint actual) {
        assertEquals(expected.config(), actual.config());
        assertSameTensors(expected.parameters(), actual.parameters());
        assertEquals(expected.model().counters(), actual.model().counters());
        assertEquals(TokenizerJson.toJson(expected.tokenizer()), TokenizerJson.toJson(actual.tokenizer()));
        assertEquals(expected.optimizer().isPresent(), actual.optimizer().isPresent());
        if (expected.optimizer().isPresent()) {
            assertSameTensors(expected.optimizer().get().tensors(), actual.optimizer().get().tensors());
            assertEquals(expected.optimizer().get().counters(), actual.optimizer().get().counters());
        }
        assertEquals(expected.trainer(), actual.trainer());
    }

    /** Names in the parent directory: after a save, success or failure, only the checkpoint itself. */
    private List<String> entries(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void saveThenLoadRestoresEverythingExactly() throws IOException {
        Checkpoint c = full(1);
        Path dir = root.resolve("step-40");
        c.save(dir);
        assertEquals(List.of(Checkpoint.CONFIG_FILE, Checkpoint.MODEL_FILE, Checkpoint.OPTIMIZER_FILE, Checkpoint.TOKENIZER_FILE, Checkpoint.TRAINER_FILE), entries(dir));
        assertSameCheckpoint(c, Checkpoint.load(dir));
        try (SafeTensorsFile f = SafeTensorsFile.open(dir.resolve(Checkpoint.MODEL_FILE))) {
            assertEquals(Map.of("format", "pt", "counter.drop.calls", "18"), f.metadata());
        }
    }

    @Test
    void parametersAloneAreACheckpoint() throws IOException {
        Checkpoint c = Checkpoint.of(CONFIG, parameters(CONFIG, 2), TOKENIZER);
        c.save(root.resolve("c"));
        Checkpoint back = Checkpoint.load(root.resolve("c"));
        assertSameCheckpoint(c, back);
        assertTrue(back.optimizer().isEmpty() && back.trainer().isEmpty() && back.model().counters().isEmpty());
        Checkpoint withCounters = Checkpoint.of(CONFIG, new State(parameters(CONFIG, 2), Map.of("blocks.0.drop.calls", 3L)), TOKENIZER);
        withCounters.save(root.resolve("c"));
        assertEquals(Map.of("blocks.0.drop.calls", 3L), Checkpoint.load(root.resolve("c")).model().counters());
    }

    @Test
    void bf16CheckpointIsSmallerAndLoadsWithinBf16Precision() throws IOException {
        Checkpoint c = Checkpoint.of(CONFIG, parameters(CONFIG, 3), TOKENIZER);
        c.save(root.resolve("f32"));
        c.save(root.resolve("bf16"), DType.BF16);
        assertTrue(Files.size(root.resolve("bf16").resolve(Checkpoint.MODEL_FILE)) < 0.55 * Files.size(root.resolve("f32").resolve(Checkpoint.MODEL_FILE)));
        Checkpoint back = Checkpoint.load(root.resolve("bf16"));
        for (var e : c.parameters().entrySet()) {
            float[] x = e.getValue().toArray(), y = back.parameters().get(e.getKey()).toArray();
            for (int i = 0; i < x.length; i++) assertEquals(x[i], y[i], Math.abs(x[i]) * 0x1p-8f, e.getKey());
        }
    }

    @Test
    void savingOverACheckpointReplacesItAndLeavesNothingBeside() throws IOException {
        Path dir = root.resolve("latest");
        full(1).save(dir);
        full(2).save(dir);
        assertSameCheckpoint(full(2), Checkpoint.load(dir));
        assertEquals(List.of("latest"), entries(root));
        Checkpoint.of(CONFIG, parameters(CONFIG, 3), TOKENIZER).save(dir); // no optimizer: the old optimizer file must not survive
        assertTrue(Checkpoint.load(dir).optimizer().isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"model.safetensors", "config.json", "tokenizer.json", "optimizer.safetensors", "trainer_state.json", "synced", "moved-aside"})
    void aFailureAtAnyStepLeavesThePreviousCheckpointIntact(String step) throws IOException {
        Path dir = root.resolve("ckpt");
        full(1).save(dir);
        var e = assertThrows(IOException.class, () -> full(2).save(dir, DType.F32, s -> {
            if (s.equals(step)) throw new IOException("injected failure at " + s);
        }));
        assertEquals("injected failure at " + step, e.getMessage());
        assertSameCheckpoint(full(1), Checkpoint.load(dir));
        assertEquals(List.of("ckpt"), entries(root), "no partial directory is left beside the checkpoint");
    }

    @Test
    void aFailureWhileATensorIsBeingWrittenLeavesThePreviousCheckpointIntact() throws IOException {
        Path dir = root.resolve("ckpt");
        full(1).save(dir);
        ModelConfig big = CONFIG;
        Map<String, Tensor> p = parameters(big, 5);
        int[] shape = p.get("tok_emb.weight").shape();
        // reads fail part-way through the tensor, after earlier tensors (sorted names) have reached the file
        p.put("tok_emb.weight", new Tensor(new FailingStorage(shape[0] * shape[1], 100), shape, new int[] {shape[1], 1}, 0));
        var e = assertThrows(IllegalStateException.class, () -> Checkpoint.of(big, p, TOKENIZER).save(dir));
        assertTrue(e.getMessage().startsWith("injected failure"));
        assertSameCheckpoint(full(1), Checkpoint.load(dir));
        assertEquals(List.of("ckpt"), entries(root));
    }

    @Test
    void aFailureAfterTheRenameKeepsTheNewCheckpointAndTheNextSaveTidiesUp() throws IOException {
        Path dir = root.resolve("ckpt");
        full(1).save(dir);
        assertThrows(IOException.class, () -> full(2).save(dir, DType.F32, s -> {
            if (s.equals("renamed")) throw new IOException("injected");
        }));
        assertSameCheckpoint(full(2), Checkpoint.load(dir));
        assertEquals(2, entries(root).size(), "the old checkpoint is still aside: " + entries(root));
        assertFalse(Checkpoint.recover(dir));
        assertEquals(List.of("ckpt"), entries(root));
    }

    /**
     * A crash (the process killed) at any step leaves the directory as it was at that instant.
     * Each instant is copied aside; in every copy the checkpoint path holds a complete checkpoint,
     * old or new, or nothing (with the old one recoverable), and recover() restores a clean state.
     */
    @Test
    void aCrashAtAnyInstantLeavesNoHalfWrittenCheckpoint() throws IOException {
        Path live = root.resolve("live");
        Path dir = live.resolve("ckpt");
        full(1).save(dir);
        List<String> steps = List.of("model.safetensors", "config.json", "tokenizer.json", "optimizer.safetensors", "trainer_state.json", "synced", "moved-aside", "renamed");
        full(2).save(dir, DType.F32, s -> copyTree(live, root.resolve("crash-" + s)));
        for (String s : steps) {
            Path image = root.resolve("crash-" + s);
            Path ckpt = image.resolve("ckpt");
            for (String name : entries(image)) {
                if (!name.equals("ckpt")) assertTrue(name.startsWith(".ckpt."), "leftovers are hidden siblings: " + name);
            }
            if (s.equals("moved-aside")) {
                var e = assertThrows(NoSuchFileException.class, () -> Checkpoint.load(ckpt));
                assertTrue(e.getMessage().contains("Checkpoint.recover"), e.getMessage());
            } else {
                assertSameCheckpoint(s.equals("renamed") ? full(2) : full(1), Checkpoint.load(ckpt));
            }
            assertEquals(s.equals("moved-aside"), Checkpoint.recover(ckpt));
            assertSameCheckpoint(s.equals("renamed") ? full(2) : full(1), Checkpoint.load(ckpt));
            assertEquals(List.of("ckpt"), entries(image), s);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path q = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(q);
                else Files.copy(p, q, StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }

    @Test
    void loadListsEveryMismatchedNameInOneError() throws IOException {
        Path dir = root.resolve("bad");
        Files.createDirectories(dir);
        ConfigJson.write(CONFIG, dir.resolve(Checkpoint.CONFIG_FILE));
        Files.writeString(dir.resolve(Checkpoint.TOKENIZER_FILE), TokenizerJson.toJson(TOKENIZER));
        Map<String, Tensor> p = parameters(CONFIG, 4);
        p.remove("blocks.1.ln1.weight");
        p.remove("ln_f.bias");
        p.put("tok_emb.weight", Tensor.zeros(13, 16));
        p.put("blocks.0.attn.qkv.weight", Tensor.zeros(16, 48));
        p.put("blocks.2.ln1.weight", Tensor.zeros(16));
        p.put("lm_head.weight", Tensor.zeros(12, 16));
        SafeTensors.write(dir.resolve(Checkpoint.MODEL_FILE), p, DType.F32);
        var e = assertThrows(CheckpointFormatException.class, () -> Checkpoint.load(dir));
        assertEquals(dir.resolve(Checkpoint.MODEL_FILE) + ": does not match " + dir.resolve(Checkpoint.CONFIG_FILE) + ", 6 mismatches:\n"
                + "  missing 'blocks.1.ln1.weight' [16]\n"
                + "  missing 'ln_f.bias' [16]\n"
                + "  'tok_emb.weight' has shape [13, 16], expected [12, 16]\n"
                + "  'blocks.0.attn.qkv.weight' has shape [16, 48], expected [48, 16]\n"
                + "  unexpected 'blocks.2.ln1.weight' [16]\n"
                + "  unexpected 'lm_head.weight' [12, 16]", e.getMessage());
    }

    @Test
    void saveRefusesParametersThatDoNotMatchTheConfig() {
        Map<String, Tensor> p = parameters(CONFIG, 4);
        p.remove("pos_emb.weight");
        var e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.of(CONFIG, p, TOKENIZER).save(root.resolve("x")));
        assertTrue(e.getMessage().endsWith("1 mismatch:\n  missing 'pos_emb.weight' [8, 16]"), e.getMessage());
        assertFalse(Files.exists(root.resolve("x")));
        var big = CharTokenizer.of("abcdefghijklmnop", List.of());
        assertThrows(IllegalArgumentException.class, () -> Checkpoint.of(CONFIG, parameters(CONFIG, 4), big).save(root.resolve("x")));
    }

    @Test
    void aValueHeadIsAcceptedWhenBothTensorsArePresent() throws IOException {
        Map<String, Tensor> p = parameters(CONFIG, 6);
        p.put("value_head.weight", Tensor.zeros(1, 16));
        p.put("value_head.bias", Tensor.zeros(1));
        Checkpoint.of(CONFIG, p, TOKENIZER).save(root.resolve("v"));
        assertTrue(Checkpoint.load(root.resolve("v")).parameters().containsKey("value_head.bias"));
        p.remove("value_head.bias");
        assertEquals(List.of("missing 'value_head.bias' [1]"), Checkpoint.mismatches(CONFIG, shapes(p)));
    }

    private static Map<String, int[]> shapes(Map<String, Tensor> p) {
        Map<String, int[]> out = new LinkedHashMap<>();
        p.forEach((k, v) -> out.put(k, v.shape()));
        return out;
    }

    @Test
    void corruptFilesInACheckpointAreNamed() throws IOException {
        Path dir = root.resolve("c");
        full(1).save(dir);
        Path model = dir.resolve(Checkpoint.MODEL_FILE);
        byte[] b = Files.readAllBytes(model);
        Files.write(model, java.util.Arrays.copyOf(b, b.length - 1));
        var e = assertThrows(CheckpointFormatException.class, () -> Checkpoint.load(dir));
        assertTrue(e.getMessage().startsWith(model + ": tensor 'tok_emb.weight': "), e.getMessage());
        Files.write(model, b);
        Files.writeString(dir.resolve(Checkpoint.CONFIG_FILE), Files.readString(dir.resolve(Checkpoint.CONFIG_FILE)).replace("\"layers\"", "\"n_layer\""));
        e = assertThrows(CheckpointFormatException.class, () -> Checkpoint.load(dir));
        assertTrue(e.getMessage().startsWith(dir.resolve(Checkpoint.CONFIG_FILE) + ": missing field 'layers'; unknown field 'n_layer'"), e.getMessage());
        full(1).save(dir);
        Files.writeString(dir.resolve(Checkpoint.TOKENIZER_FILE), "{\"model\": 3}");
        e = assertThrows(CheckpointFormatException.class, () -> Checkpoint.load(dir));
        assertTrue(e.getMessage().startsWith(dir.resolve(Checkpoint.TOKENIZER_FILE) + ": "), e.getMessage());
        full(1).save(dir);
        Files.writeString(dir.resolve(Checkpoint.TRAINER_FILE), "{\"step\": 1}");
        e = assertThrows(CheckpointFormatException.class, () -> Checkpoint.load(dir));
        assertEquals(dir.resolve(Checkpoint.TRAINER_FILE) + ": missing fields 'rngState', 'dataCursor', 'extra'", e.getMessage());
        full(1).save(dir);
        Path optimizer = dir.resolve(Checkpoint.OPTIMIZER_FILE);
        byte[] o = Files.readAllBytes(optimizer);
        o[9] = 'X'; // the quote opening the first key
        Files.write(optimizer, o);
        e = assertThrows(CheckpointFormatException.class, () -> Checkpoint.load(dir));
        assertTrue(e.getMessage().startsWith(optimizer + ": header is not valid JSON"), e.getMessage());
    }

    @Test
    void latestPicksTheHighestStepAndNeverALeftover() throws IOException {
        assertTrue(Checkpoint.latest(root).isEmpty());
        full(3).save(root.resolve("step-b"));   // step 43
        full(9).save(root.resolve("step-a"));   // step 49
        full(1).save(root.resolve("step-c"));   // step 41
        Checkpoint.of(CONFIG, parameters(CONFIG, 1), TOKENIZER).save(root.resolve("weights-only"));
        full(20).save(root.resolve(".step-z.partial-1"));   // what a crash leaves: hidden, never chosen
        Files.createDirectories(root.resolve("step-x"));       // not a checkpoint
        assertEquals(root.resolve("step-a"), Checkpoint.latest(root).orElseThrow());
    }

    @Test
    void savingOverSomethingThatIsNotACheckpointIsRefused() throws IOException {
        Path run = root.resolve("run");
        full(1).save(run.resolve("step-1"));
        Files.writeString(run.resolve("metrics.jsonl"), "{}\n");
        var e = assertThrows(java.nio.file.FileAlreadyExistsException.class, () -> full(2).save(run)); // a slip: the run, not a step
        assertTrue(e.getMessage().contains("refusing to replace it"), e.getMessage());
        assertSameCheckpoint(full(1), Checkpoint.load(run.resolve("step-1")));
        assertEquals(List.of("metrics.jsonl", "step-1"), entries(run));
        assertEquals(List.of("run"), entries(root));
        Path empty = Files.createDirectories(root.resolve("empty"));
        full(2).save(empty); // an empty directory is fine
        assertSameCheckpoint(full(2), Checkpoint.load(empty));
    }

    @Test
    void loadingAMissingDirectoryNamesIt() {
        var e = assertThrows(NoSuchFileException.class, () -> Checkpoint.load(root.resolve("nothing")));
        assertTrue(e.getMessage().contains("nothing"));
    }
}
