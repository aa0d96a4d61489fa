package dev.autodidact.rl.cli;

import dev.autodidact.transformer.checkpoint.Checkpoint;
import dev.autodidact.transformer.monitor.MetricsLog;
import dev.autodidact.transformer.monitor.MetricsRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.autodidact.rl.cli.MainTest.run;
import static org.junit.jupiter.api.Assertions.*;

class SftCommandTest {
    @TempDir
    Path root;

    @Test
    void trainsOnTaskTracesEvaluatesGreedyAccuracyAndResumes() throws Exception {
        Path out = root.resolve("sft");
        String[] common = {"sft", "--size", "tiny", "--batch", "4", "--eval-every", "2", "--checkpoint-every", "2", "--held-out", "6", "--threads", "1", "--out", out.toString()};
        MainTest.Run first = run(concat(common, "--steps", "2"));
        assertEquals(0, first.code(), first.err());
        assertTrue(first.out().contains("sft: add3 correct traces (train split), 6 held-out test problems; model tiny"), first.out());
        List<MetricsRow> rows = MetricsLog.read(out.resolve("metrics.jsonl"));
        assertEquals(List.of(2L), rows.stream().map(MetricsRow::step).toList());
        double acc = rows.getFirst().get("eval/add3/test/acc_greedy");
        assertTrue(acc >= 0 && acc <= 1, "accuracy " + acc);

        MainTest.Run again = run(concat(common, "--steps", "4"));
        assertEquals(1, again.code());
        assertTrue(again.err().contains("already holds an SFT run"), again.err());

        MainTest.Run resumed = run(concat(common, "--steps", "4", "--resume"));
        assertEquals(0, resumed.code(), resumed.err());
        assertEquals(List.of(2L, 4L), MetricsLog.read(out.resolve("metrics.jsonl")).stream().map(MetricsRow::step).toList());
        Checkpoint last = Checkpoint.load(out.resolve("checkpoints/step-00000004"));
        assertEquals(4, last.trainer().orElseThrow().step());
        assertEquals(16, last.trainer().orElseThrow().dataCursor());
    }

    @Test
    void trainsOnJsonlAndNamesTheLineOfABadRecord() throws Exception {
        Path data = root.resolve("pairs.jsonl");
        Files.writeString(data, "{\"prompt\": \"<bos>12+34=\", \"response\": \"<ans>46</ans><eos>\"}\n{\"prompt\": \"<bos>1+1=\", \"response\": \"<ans>2</ans><eos>\"}\n");
        Path out = root.resolve("jsonl");
        MainTest.Run ok = run("sft", "--data", data.toString(), "--eval-data", data.toString(), "--size", "tiny", "--steps", "2", "--batch", "2",
                "--threads", "1", "--out", out.toString());
        assertEquals(0, ok.code(), ok.err());
        assertTrue(ok.out().contains("2 pairs from " + data), ok.out());
        double em = MetricsLog.read(out.resolve("metrics.jsonl")).getLast().get("eval/exact_match");
        assertTrue(em >= 0 && em <= 1, "exact match " + em);

        Files.writeString(data, "{\"prompt\": \"<bos>1+1=\", \"response\": \"<ans>2</ans><eos>\"}\n{\"prompt\": \"x\"}\n");
        MainTest.Run bad = run("sft", "--data", data.toString(), "--size", "tiny", "--steps", "2", "--out", root.resolve("bad").toString());
        assertEquals(1, bad.code());
        assertEquals("sft: " + data + ":2: each line needs string fields \"prompt\" and \"response\"\n", bad.err());

        Files.writeString(data, "\n");
        MainTest.Run empty = run("sft", "--data", data.toString(), "--size", "tiny", "--steps", "2", "--out", root.resolve("empty").toString());
        assertEquals(1, empty.code());
        assertTrue(empty.err().startsWith("sft: " + data + ": no examples"), empty.err());
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
