package dev.autodidact.transformer.sft;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads and writes examples as JSON lines: {@code {"prompt": "...", "response": "..."}} per line. */
public final class JsonlExamples {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonlExamples() {}

    public static List<Example> read(Path file) {
        List<Example> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file)) {
            String line;
            int lineNo = 0;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) continue;
                JsonNode n;
                try {
                    n = JSON.readTree(line);
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new IllegalArgumentException(file + ":" + lineNo + ": not valid JSON: " + e.getOriginalMessage(), e);
                }
                if (!n.hasNonNull("prompt") || !n.hasNonNull("response") || !n.get("prompt").isTextual() || !n.get("response").isTextual()) {
                    throw new IllegalArgumentException(file + ":" + lineNo + ": each line needs string fields \"prompt\" and \"response\"");
                }
                out.add(new Example(n.get("prompt").asText(), n.get("response").asText()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read examples from " + file, e);
        }
        return out;
    }

    public static void write(Path file, List<Example> examples) {
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            for (Example e : examples) {
                w.write(JSON.writeValueAsString(Map.of("prompt", e.prompt(), "response", e.response())));
                w.newLine();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write examples to " + file, e);
        }
    }
}
