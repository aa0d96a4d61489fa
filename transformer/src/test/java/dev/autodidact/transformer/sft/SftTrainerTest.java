package dev.autodidact.transformer.sft;

import dev.autodidact.tokenizer.CharTokenizer;
import dev.autodidact.transformer.ModelConfig;
import dev.autodidact.transformer.Transformer;
import dev.autodidact.transformer.checkpoint.Checkpoint;
import dev.autodidact.transformer.checkpoint.CheckpointRotation;
import dev.autodidact.transformer.monitor.MetricsLog;
import dev.autodidact.transformer.monitor.MetricsRow;
import dev.autodidact.transformer.monitor.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.*;

class SftTrainerTest {
    static final CharTokenizer TOK = CharTokenizer.forTasks();

    /** Reverse a 3-letter word: learnable in a few dozen steps by a tiny model. */
    static Example reverse(String w) {
        return new Example("<bos>" + w + "=", new StringBuilder(w).reverse() + "<eos>");
    }

    static List<Example> words() {
        List<Example> data = new ArrayList<>();
        for (String w : List.of("abc", "xyz", "cat", "dog", "sun", "map", "pen")) data.add(reverse(w));
        return data;
    }

    @Test
    void lossGoesDownMetricsAreLoggedAndCheckpointsAreOffered(@TempDir Path dir) throws Exception {
        Transformer m = new Transformer(ModelConfig.gpt2Style(TOK.vocabSize(), 32, 2, 2, 16), 1);
        List<Example> data = words().subList(0, 6);
        SftConfig cfg = SftConfig.builder().batchSize(6).steps(60).lr(1e-2).warmup(5).evalEvery(30).logEvery(10).checkpointEvery(20).build();
        SftTrainer t = new SftTrainer(m, TOK, cfg);
        double before = t.heldOutLoss(data);
        List<Long> saved = new ArrayList<>();
        Path metricsFile = dir.resolve("m.jsonl");
        ByteArrayOutputStream bar = new ByteArrayOutputStream();
        AtomicLong clock = new AtomicLong();
        Progress plain = Progress.choose(false, Map.of(), new PrintStream(bar, true, StandardCharsets.UTF_8), () -> clock.addAndGet(1_000_000_000L),
                k -> k.equals("train/loss") || k.equals("custom"));
        SftTrainer.Result res;
        try (MetricsLog log = MetricsLog.open(metricsFile)) {
            res = t.train(ExampleSource.epochs(data, 3), data, Optional.of((model, step) -> Map.of("custom", (double) step)), Optional.of(log),
                    (state, model, opt) -> saved.add(state.step()), plain);
        }
        double after = t.heldOutLoss(data);
        assertTrue(after < 0.3 * before, "held-out loss " + before + " -> " + after);
        assertEquals(List.of(20L, 40L, 60L), saved);
        List<MetricsRow> rows = MetricsLog.read(metricsFile);
        assertEquals(List.of(10L, 20L, 30L, 40L, 50L, 60L), rows.stream().map(MetricsRow::step).toList());
        assertEquals(res.rows(), rows, "the result carries the rows the log holds");
        assertEquals(List.of("train/loss", "train/lr", "train/grad_norm", "train/tokens_per_s", "train/elapsed_s"), List.copyOf(rows.get(0).values().keySet()));
        assertEquals(30.0, rows.get(2).get("custom"));
        assertTrue(rows.get(2).get("eval/loss") > 0, "held-out loss at an evaluation step");
        assertTrue(Double.isNaN(rows.get(1).get("custom")), "no evaluation at step 20");
        assertEquals(60.0, res.lastEval().get("custom"));
        String shown = bar.toString(StandardCharsets.UTF_8);
        assertTrue(shown.startsWith("training 60 steps\n"), shown);
        assertTrue(shown.contains("step 30: eval/loss "), shown);
        assertTrue(shown.contains("step 60/60 (100%)  eta 0s  train/loss "), shown);
        assertTrue(shown.contains("custom 60.0000"), shown);
    }

    /** Parameters (bit patterns), optimizer counters and the logged training losses of a finished run. */
    private static String fingerprint(Transformer m, Path runDir) throws Exception {
        StringBuilder b = new StringBuilder();
        m.state().tensors().forEach((k, v) -> b.append(k).append(java.util.Arrays.hashCode(v.data())).append(' '));
        for (MetricsRow r : MetricsLog.read(runDir.resolve(SftRun.METRICS))) b.append(r.step()).append(':').append(Double.doubleToLongBits(r.get("train/loss"))).append(' ');
        return b.toString();
    }

    @Test
    void anInterruptedAndResumedRunEndsBitIdenticalToAnUninterruptedOne(@TempDir Path dir) throws Exception {
        // Dropout on, so the model's RNG counters must survive too; 7 examples in batches of 3, so a checkpoint falls mid-epoch.
        ModelConfig config = ModelConfig.gpt2Style(TOK.vocabSize(), 32, 1, 2, 16).withDropout(0.1f);
        SftConfig cfg = SftConfig.builder().batchSize(3).steps(12).lr(1e-2).warmup(3).evalEvery(2).logEvery(1).checkpointEvery(4).seed(9).build();
        List<Example> data = words();

        Path straightDir = dir.resolve("straight");
        Transformer straight = new Transformer(config, 5);
        SftRun.run(straightDir, false, 2, new SftTrainer(straight, TOK, cfg), ExampleSource.epochs(data, 9), data.subList(0, 2),
                Optional.of((model, step) -> Map.of()), Progress.silent());

        Path resumedDir = dir.resolve("resumed");
        boolean[] crash = {true};
        SftTrainer.Evaluator crashAtStep10 = (model, step) -> {
            if (step == 10 && crash[0]) throw new IllegalStateException("simulated crash");
            return Map.of();
        };
        var e = assertThrows(IllegalStateException.class, () -> SftRun.run(resumedDir, false, 2, new SftTrainer(new Transformer(config, 5), TOK, cfg),
                ExampleSource.epochs(data, 9), data.subList(0, 2), Optional.of(crashAtStep10), Progress.silent()));
        assertEquals("simulated crash", e.getMessage());
        assertEquals(9, MetricsLog.read(resumedDir.resolve(SftRun.METRICS)).getLast().step(), "row 9 was written before the crash");
        assertEquals(List.of("step-00000004", "step-00000008"), new CheckpointRotation(resumedDir.resolve(SftRun.CHECKPOINTS), 2).checkpoints().stream()
                .map(p -> p.getFileName().toString()).toList());

        assertThrows(IllegalArgumentException.class, () -> SftRun.run(resumedDir, false, 2, new SftTrainer(new Transformer(config, 5), TOK, cfg),
                ExampleSource.epochs(data, 9), List.of(), Optional.empty(), Progress.silent()), "a fresh run refuses a used directory");

        crash[0] = false;
        // The same seed: dropout's mask streams are keyed by the model seed (only their counters are state).
        // The parameters still must come from the checkpoint: this model starts at its initialisation.
        Transformer resumed = new Transformer(config, 5);
        SftTrainer trainer = new SftTrainer(resumed, TOK, cfg);
        SftTrainer.Result r = SftRun.run(resumedDir, true, 2, trainer, ExampleSource.epochs(data, 9), data.subList(0, 2), Optional.of(crashAtStep10), Progress.silent());
        assertEquals(8, trainer.startStep());
        assertEquals(List.of(9L, 10L, 11L, 12L), r.rows().stream().map(MetricsRow::step).toList());

        assertEquals(fingerprint(straight, straightDir), fingerprint(resumed, resumedDir));
        Checkpoint last = Checkpoint.load(new SftCheckpoints(resumedDir.resolve(SftRun.CHECKPOINTS), TOK, 2).latest().orElseThrow());
        assertEquals(12, last.trainer().orElseThrow().step());
        assertEquals(36, last.trainer().orElseThrow().dataCursor());
        assertEquals(12, last.optimizer().orElseThrow().counter("step"));
    }

    @Test
    void resumingWithAnotherSeedOrModelIsRefusedNamingTheCheckpoint(@TempDir Path dir) throws Exception {
        ModelConfig config = ModelConfig.gpt2Style(TOK.vocabSize(), 16, 1, 2, 16);
        SftConfig cfg = SftConfig.builder().batchSize(2).steps(2).warmup(0).checkpointEvery(1).seed(3).build();
        SftRun.run(dir, false, 1, new SftTrainer(new Transformer(config, 1), TOK, cfg), ExampleSource.epochs(words(), 3), List.of(), Optional.empty(), Progress.silent());
        Path ckpt = dir.resolve(SftRun.CHECKPOINTS).resolve("step-00000002");
        var seed = assertThrows(IllegalArgumentException.class, () -> new SftTrainer(new Transformer(config, 1), TOK,
                SftConfig.builder().batchSize(2).steps(4).warmup(0).seed(4).build()).restore(ckpt, ExampleSource.epochs(words(), 4)));
        assertEquals("sft resume: " + ckpt + " was trained with data seed 3, this run has seed 4", seed.getMessage());
        var model = assertThrows(IllegalArgumentException.class, () -> new SftTrainer(new Transformer(config.withDropout(0.5f), 1), TOK, cfg)
                .restore(ckpt, ExampleSource.epochs(words(), 3)));
        assertTrue(model.getMessage().startsWith("sft resume: " + ckpt + " holds a model "), model.getMessage());
    }

    @Test
    void promptTokensCarryNoLoss() {
        var pair = new SftTrainer(new Transformer(ModelConfig.gpt2Style(TOK.vocabSize(), 16, 1, 2, 16), 1), TOK,
                SftConfig.builder().build()).encode(reverse("abc"));
        assertEquals(5, pair.prompt().length);      // <bos> a b c =
        assertEquals(4, pair.response().length);    // c b a <eos>
    }

    @Test
    void jsonlExamplesRoundTripAndBadLinesAreNamed(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("ex.jsonl");
        List<Example> ex = List.of(reverse("abc"), new Example("<bos>q \"quoted\"", "a\nb"));
        JsonlExamples.write(f, ex);
        assertEquals(ex, JsonlExamples.read(f));
        Files.writeString(f, "{\"prompt\": \"x\"}\n");
        var e = assertThrows(IllegalArgumentException.class, () -> JsonlExamples.read(f));
        assertEquals(f + ":1: each line needs string fields \"prompt\" and \"response\"", e.getMessage());
        Files.writeString(f, "{\"prompt\": \"x\", \"response\": \"y\"}\n\n{\"prompt\": \"x\", \"response\": \"y\"\n");
        e = assertThrows(IllegalArgumentException.class, () -> JsonlExamples.read(f));
        assertTrue(e.getMessage().startsWith(f + ":3: not valid JSON: "), e.getMessage());
        Files.writeString(f, "{\"prompt\": \"x\", \"response\": 7}\n");
        e = assertThrows(IllegalArgumentException.class, () -> JsonlExamples.read(f));
        assertEquals(f + ":1: each line needs string fields \"prompt\" and \"response\"", e.getMessage());
    }
}
