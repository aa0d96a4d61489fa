package dev.autodidact.transformer.monitor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class MetricsLogTest {
    @TempDir
    Path dir;

    static Map<String, Double> m(Object... kv) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) out.put((String) kv[i], ((Number) kv[i + 1]).doubleValue());
        return out;
    }

    private void write(Path file, long... steps) throws Exception {
        try (MetricsLog log = MetricsLog.open(file)) {
            for (long s : steps) log.append(new MetricsRow(s, 1000 + s, m("reward/mean", s / 10.0)));
        }
    }

    @Test
    void rowsRoundTripWithSlashNamesAndNonFiniteValues() throws Exception {
        Path file = dir.resolve("metrics.jsonl");
        try (MetricsLog log = MetricsLog.open(file)) {
            log.append(new MetricsRow(1, 12.5, m("reward/mean", 0.25, "policy/kl_ref", Double.NaN, "eval/add/pass@1", Double.POSITIVE_INFINITY)));
        }
        String text = Files.readString(file);
        assertEquals("{\"step\":1,\"time\":12.5,\"reward/mean\":0.25,\"policy/kl_ref\":\"NaN\",\"eval/add/pass@1\":\"Infinity\"}\n", text);
        MetricsRow back = MetricsLog.read(file).getFirst();
        assertEquals(0.25, back.get("reward/mean"));
        assertTrue(Double.isNaN(back.get("policy/kl_ref")));
        assertEquals(Double.POSITIVE_INFINITY, back.get("eval/add/pass@1"));
        assertEquals(List.of("reward/mean", "policy/kl_ref", "eval/add/pass@1"), List.copyOf(back.values().keySet()));
    }

    @Test
    void aTornLastLineIsNotReadAndIsDroppedBeforeTheNextAppend() throws Exception {
        Path file = dir.resolve("metrics.jsonl");
        write(file, 1, 2);
        Files.writeString(file, "{\"step\":3,\"time\":1003,\"reward/me", StandardOpenOption.APPEND); // a crash mid-write
        assertEquals(List.of(1L, 2L), MetricsLog.read(file).stream().map(MetricsRow::step).toList());
        write(file, 3);
        assertEquals(List.of(1L, 2L, 3L), MetricsLog.read(file).stream().map(MetricsRow::step).toList());
        assertTrue(Files.readString(file).endsWith("\"reward/mean\":0.3}\n"));
    }

    @Test
    void truncateAfterKeepsTheStepsAtOrBelowTheCheckpoint() throws Exception {
        Path file = dir.resolve("metrics.jsonl");
        write(file, 1, 2, 3, 4, 5);
        Files.writeString(file, "{\"step\":6", StandardOpenOption.APPEND);
        String upToThree = String.join("", Files.readAllLines(file).subList(0, 3).stream().map(l -> l + "\n").toList());
        assertEquals(3, MetricsLog.truncateAfter(file, 3));
        assertEquals(upToThree, Files.readString(file));
        assertEquals(0, MetricsLog.truncateAfter(file, -1));
        assertEquals(0, Files.size(file));
    }

    @Test
    void stepsMustIncrease() throws Exception {
        Path file = dir.resolve("metrics.jsonl");
        write(file, 1, 2);
        try (MetricsLog log = MetricsLog.open(file)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> log.append(new MetricsRow(2, 0, m("reward/mean", 1))));
            assertTrue(e.getMessage().contains("step 2 after step 2"), e.getMessage());
        }
    }

    @Test
    void aMalformedCompleteLineIsAnErrorNamingTheLine() throws Exception {
        Path file = dir.resolve("metrics.jsonl");
        write(file, 1);
        Files.writeString(file, "not json\n", StandardOpenOption.APPEND);
        var e = assertThrows(java.io.IOException.class, () -> MetricsLog.read(file));
        assertTrue(e.getMessage().contains("line 2 is not JSON"), e.getMessage());
    }

    @Test
    void reservedAndBlankMetricNamesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new MetricsRow(1, 0, m("step", 1)));
        assertThrows(IllegalArgumentException.class, () -> new MetricsRow(1, 0, m(" ", 1)));
    }
}
