package dev.autodidact.transformer.sft;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Metrics as JSON lines (one object per event), kept in memory too for tests and reports. */
public final class MetricsLog implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Writer out;   // null: memory only
    private final List<Map<String, Object>> records = new ArrayList<>();

    private MetricsLog(Writer out) {
        this.out = out;
    }

    public static MetricsLog inMemory() {
        return new MetricsLog(null);
    }

    /** Appends to {@code file} (created if absent). */
    public static MetricsLog toFile(Path file) {
        try {
            if (file.getParent() != null) Files.createDirectories(file.getParent());
            return new MetricsLog(Files.newBufferedWriter(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND));
        } catch (IOException e) {
            throw new UncheckedIOException("could not open metrics file " + file, e);
        }
    }

    /** Records one event; the map keeps its insertion order in the JSON line. */
    public synchronized void log(Map<String, Object> record) {
        Map<String, Object> copy = Collections.unmodifiableMap(new LinkedHashMap<>(record));
        records.add(copy);
        if (out == null) return;
        try {
            out.write(JSON.writeValueAsString(copy));
            out.write('\n');
            out.flush();
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("metrics: a value of " + record + " cannot be written as JSON", e);
        } catch (IOException e) {
            throw new UncheckedIOException("metrics: write failed", e);
        }
    }

    public synchronized List<Map<String, Object>> records() {
        return List.copyOf(records);
    }

    @Override
    public void close() {
        if (out == null) return;
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("metrics: close failed", e);
        }
    }
}
