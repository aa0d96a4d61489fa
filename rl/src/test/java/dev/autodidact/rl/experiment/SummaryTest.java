package dev.autodidact.rl.experiment;

import dev.autodidact.transformer.monitor.MetricsRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;

import static dev.autodidact.rl.experiment.MetricMaps.m;
import static org.junit.jupiter.api.Assertions.*;

class SummaryTest {
    @TempDir
    Path dir;

    private static List<MetricsRow> rows() {
        return List.of(new MetricsRow(1, 100, m("reward/mean", 0.2, "policy/entropy", 1.0)),
                new MetricsRow(2, 160, m("reward/mean", 0.4, "policy/entropy", 0.5, "eval/add/pass@1", 0.6)),
                new MetricsRow(3, 220, m("reward/mean", Double.NaN, "policy/entropy", 0.05)));
    }

    @Test
    void finalsAreTheLastLoggedValuesAndAlertsComeFromTheMetrics() {
        Summary s = Summary.of("seed-0", "mm-upt-add", "mm_upt", "paper", OptionalLong.of(0), rows(), List.of("step 2: trainer said so"));
        assertEquals(0.6, s.finals().get("eval/add/pass@1"));
        assertTrue(Double.isNaN(s.finals().get("reward/mean")));
        assertEquals(3, s.lastStep());
        assertEquals(120, s.wallSeconds());
        assertEquals("step 2: trainer said so", s.warnings().getFirst());
        assertTrue(s.warnings().contains("'reward/mean' was NaN at step 3"), s.warnings().toString());
        assertTrue(s.warnings().stream().anyMatch(w -> w.contains("entropy fell from 1.000 to 0.05000")), s.warnings().toString());
    }

    @Test
    void summaryRoundTripsThroughJson() throws IOException {
        Summary s = Summary.of("seed-0", "mm-upt-add", "mm_upt", "paper", OptionalLong.of(4), rows(), List.of());
        Path file = dir.resolve("summary.json");
        s.write(file);
        Summary back = Summary.read(file);
        assertEquals(s.finals().keySet(), back.finals().keySet());
        assertEquals(s.seed(), back.seed());
        assertEquals(s.warnings(), back.warnings());
    }

    @Test
    void aFailedWriteLeavesThePreviousFileAndNoTemporaryFile() throws IOException {
        Path file = dir.resolve("summary.json");
        Summary.of("r", "", "r", "", OptionalLong.empty(), rows(), List.of()).write(file);
        byte[] before = Files.readAllBytes(file);
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(file, out -> {
            out.write("{\"run\": \"half".getBytes(StandardCharsets.UTF_8));
            throw new IOException("disk full");
        }));
        assertEquals("disk full", e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(file), s.toList());
        }
        Path fresh = dir.resolve("other.json");
        assertThrows(IOException.class, () -> AtomicFiles.write(fresh, out -> {
            out.write('{');
            throw new IOException("crash");
        }));
        assertFalse(Files.exists(fresh));
    }
}
