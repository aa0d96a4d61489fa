package dev.autodidact.transformer.sft;

import dev.autodidact.tokenizer.CharTokenizer;
import dev.autodidact.transformer.ModelConfig;
import dev.autodidact.transformer.Transformer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.*;

class SftTrainerTest {
    static final CharTokenizer TOK = CharTokenizer.forTasks();

    /** Reverse a 3-letter word: learnable in a few dozen steps by a tiny model. */
    static Example reverse(String w) {
        return new Example("<bos>" + w + "=", new StringBuilder(w).reverse() + "<eos>");
    }

    @Test
    void lossGoesDownMetricsAreLoggedAndCheckpointsAreOffered(@TempDir Path dir) throws Exception {
        Transformer m = new Transformer(ModelConfig.gpt2Style(TOK.vocabSize(), 32, 2, 2, 16), 1);
        List<Example> data = new ArrayList<>();
        for (String w : List.of("abc", "xyz", "cat", "dog", "sun", "map")) data.add(reverse(w));
        SftConfig cfg = SftConfig.builder().batchSize(6).steps(60).lr(1e-2).warmup(5).evalEvery(30).logEvery(10).checkpointEvery(20).build();
        SftTrainer t = new SftTrainer(m, TOK, cfg);
        double before = t.heldOutLoss(data);
        List<Long> saved = new ArrayList<>();
        Path metricsFile = dir.resolve("m.jsonl");
        MetricsLog log = MetricsLog.toFile(metricsFile);
        ByteArrayOutputStream bar = new ByteArrayOutputStream();
        var res = t.train(ExampleSource.epochs(data, 3), data, Optional.of((model, step) -> Map.of("custom", (double) step)), log,
                (step, model, opt, metrics) -> saved.add(step), Optional.of(new ProgressBar(new PrintStream(bar), 60, false, 20)));
        log.close();
        double after = t.heldOutLoss(data);
        assertTrue(after < 0.3 * before, "held-out loss " + before + " -> " + after);
        assertEquals(List.of(20L, 40L, 60L), saved);
        List<String> lines = Files.readAllLines(metricsFile);
        assertEquals(6 + 2, lines.size());
        assertTrue(lines.get(0).startsWith("{\"event\":\"train\",\"step\":10,\"loss\":"), lines.get(0));
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"event\":\"eval\"") && l.contains("\"custom\":60.0")));
        assertEquals(60.0, res.lastEval().get("custom"));
        assertEquals(3, bar.toString().lines().count());
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
    }
}
