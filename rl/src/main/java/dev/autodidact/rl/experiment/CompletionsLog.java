package dev.autodidact.rl.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import dev.autodidact.transformer.monitor.JsonLines;
import dev.autodidact.transformer.monitor.MetricsLog;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code completions.jsonl}: sampled completions with their rewards and advantages, one JSON
 * object per completion, written every {@code run.completions_every} steps (same line
 * discipline as {@link MetricsLog}).
 */
public final class CompletionsLog implements Closeable {
    private final JsonLines lines;

    private CompletionsLog(JsonLines lines) {
        this.lines = lines;
    }

    public static CompletionsLog open(Path file) throws IOException {
        return new CompletionsLog(JsonLines.open(file));
    }

    public void append(List<Completion> completions) throws IOException {
        for (Completion c : completions) lines.append(JsonLines.JSON.writeValueAsString(c.toJson()));
    }

    public void sync() throws IOException {
        lines.sync();
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }

    public static List<Completion> read(Path file) throws IOException {
        List<Completion> out = new ArrayList<>();
        try {
            for (JsonNode n : JsonLines.read(file)) out.add(Completion.fromJson(n, file.toString()));
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
        return out;
    }

    /** Rolls {@code file} back to completions of steps {@code <= step}; returns those kept. */
    public static int truncateAfter(Path file, long step) throws IOException {
        return JsonLines.truncateAfter(file, step);
    }
}
