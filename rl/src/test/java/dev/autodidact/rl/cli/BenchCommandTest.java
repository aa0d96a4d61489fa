package dev.autodidact.rl.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class BenchCommandTest {
    private static final List<String> FIELDS = List.of("name", "preset", "threads", "batch", "kv_cache", "tokens_per_s", "peak_rss_mb");

    /** Tiny settings: 2 sequences, one measured step / run of 4 new tokens, each in a child JVM. */
    @Test
    void engineReportIsJsonLinesWithTheReportFields() throws Exception {
        MainTest.Run r = MainTest.run("bench", "engine", "--presets", "s", "--threads", "1", "--quick",
                "--steps", "1", "--warmup", "0", "--runs", "1", "--batch", "2", "--new", "4");
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(2, lines.size(), r.out());
        ObjectMapper json = new ObjectMapper();
        for (int i = 0; i < lines.size(); i++) {
            JsonNode n = json.readTree(lines.get(i));
            for (String f : FIELDS) assertTrue(n.has(f), "missing '" + f + "' in " + lines.get(i));
            assertEquals(i == 0 ? "train" : "sample", n.get("name").asText());
            assertEquals("S", n.get("preset").asText());
            assertEquals(1, n.get("threads").asInt());
            assertEquals(2, n.get("batch").asInt());
            assertEquals(i == 1, n.get("kv_cache").asBoolean());
            assertTrue(n.get("tokens_per_s").asDouble() > 0, lines.get(i));
            // A child JVM of its own per line: its peak RSS includes at least a JVM and a model.
            assertTrue(n.get("peak_rss_mb").asDouble() > 10, lines.get(i));
        }
    }

    @Test
    void unknownPresetIsAClearError() {
        MainTest.Run r = MainTest.run("bench", "engine", "--presets", "XL", "--in-process");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("unknown preset 'XL'"), r.err());
    }
}
