package dev.autodidact.rl.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autodidact.transformer.monitor.JsonLines;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code warnings.jsonl}: what the trainer warned about, with the step, so that a resumed run's
 * report still shows the warnings of the steps before the crash (rolled back with the logs).
 */
final class Warnings implements Closeable {
    static final String FILE = "warnings.jsonl";
    private final JsonLines lines;

    private Warnings(JsonLines lines) {
        this.lines = lines;
    }

    static Warnings open(Path runDir) throws IOException {
        return new Warnings(JsonLines.open(runDir.resolve(FILE)));
    }

    void append(long step, String message) throws IOException {
        ObjectNode o = JsonLines.JSON.createObjectNode();
        o.put("step", step);
        o.put("message", message);
        lines.append(JsonLines.JSON.writeValueAsString(o));
    }

    void sync() throws IOException {
        lines.sync();
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }

    /** The warnings of {@code runDir}, as "step N: message". */
    static List<String> read(Path runDir) throws IOException {
        List<String> out = new ArrayList<>();
        for (JsonNode n : JsonLines.read(runDir.resolve(FILE))) out.add("step " + n.path("step").asLong() + ": " + n.path("message").asText());
        return out;
    }

    static int truncateAfter(Path runDir, long step) throws IOException {
        return JsonLines.truncateAfter(runDir.resolve(FILE), step);
    }
}
