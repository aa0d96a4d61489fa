package dev.autodidact.transformer.monitor;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code metrics.jsonl}: one flat JSON object per step ({@code {"step":12,"time":...,
 * "reward/mean":0.41,...}}, the shape of HuggingFace's {@code log_history}, which
 * {@code pandas.read_json(lines=True)} reads). Each row is written with its newline in one call
 * and reaches the file at once; {@link #sync} forces it to the disk (done before every
 * checkpoint). Steps must increase, so a resumed run that forgot to roll the log back fails
 * instead of writing a step twice.
 */
public final class MetricsLog implements Closeable {
    private final JsonLines lines;
    private long lastStep;

    private MetricsLog(JsonLines lines, long lastStep) {
        this.lines = lines;
        this.lastStep = lastStep;
    }

    /** Opens {@code file} for appending (created if missing; an unterminated last line is dropped). */
    public static MetricsLog open(Path file) throws IOException {
        List<MetricsRow> existing = read(file);
        return new MetricsLog(JsonLines.open(file), existing.isEmpty() ? -1 : existing.getLast().step());
    }

    /** Appends a row; its step must exceed the last one written. */
    public void append(MetricsRow row) throws IOException {
        if (row.step() <= lastStep)
            throw new IllegalStateException(lines.file() + ": step " + row.step() + " after step " + lastStep
                    + "; steps must increase (a resumed run rolls the log back with MetricsLog.truncateAfter first)");
        lines.append(JsonLines.JSON.writeValueAsString(row.toJson()));
        lastStep = row.step();
    }

    /** The last step written, or -1. */
    public long lastStep() {
        return lastStep;
    }

    public void sync() throws IOException {
        lines.sync();
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }

    /** The complete rows of {@code file}, in order (empty when it does not exist). */
    public static List<MetricsRow> read(Path file) throws IOException {
        List<MetricsRow> rows = new ArrayList<>();
        try {
            for (JsonNode n : JsonLines.read(file)) rows.add(MetricsRow.fromJson(n, file.toString()));
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
        return rows;
    }

    /** Rolls {@code file} back to its rows with step {@code <= step} (and drops a torn tail); returns the rows kept. */
    public static int truncateAfter(Path file, long step) throws IOException {
        return JsonLines.truncateAfter(file, step);
    }
}
