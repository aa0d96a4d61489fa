package dev.autodidact.transformer.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A JSON Lines file that a crash cannot leave with a torn record that reads as valid: each
 * record goes to the file with its newline in one write, readers take only lines that end in a
 * newline, and opening for append first cuts away an unterminated tail. {@link #truncateAfter}
 * rolls the file back to a step for an exact resume.
 */
public final class JsonLines implements Closeable {
    public static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final FileChannel channel;

    private JsonLines(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    /** Opens {@code file} for appending, creating it, and drops an unterminated last line. */
    public static JsonLines open(Path file) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            long end = completeLength(ch);
            if (end < ch.size()) ch.truncate(end);
            ch.position(end);
            return new JsonLines(file, ch);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    public Path file() {
        return file;
    }

    /** Appends one record; {@code json} must not contain a newline (Jackson's compact output never does). */
    public void append(String json) throws IOException {
        if (json.indexOf('\n') >= 0) throw new IllegalArgumentException(file + ": a JSON Lines record cannot contain a newline");
        ByteBuffer b = ByteBuffer.wrap((json + "\n").getBytes(StandardCharsets.UTF_8));
        while (b.hasRemaining()) channel.write(b);
    }

    /** Forces the records written so far to the disk. */
    public void sync() throws IOException {
        channel.force(false);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /** The length of the file up to and including its last newline. */
    private static long completeLength(FileChannel ch) throws IOException {
        long size = ch.size();
        ByteBuffer b = ByteBuffer.allocate(8192);
        long end = size;
        while (end > 0) {
            int n = (int) Math.min(b.capacity(), end);
            b.clear().limit(n);
            long start = end - n;
            while (b.hasRemaining()) if (ch.read(b, start + b.position()) < 0) break;
            for (int i = n - 1; i >= 0; i--) if (b.get(i) == '\n') return start + i + 1;
            end = start;
        }
        return 0;
    }

    /** The complete lines of {@code file} (empty when it does not exist), parsed; a malformed line fails naming the file and line. */
    public static List<JsonNode> read(Path file) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        if (!Files.exists(file)) return out;
        String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        int end = text.lastIndexOf('\n') + 1;
        int lineNo = 0;
        for (String line : text.substring(0, end).split("\n", -1)) {
            lineNo++;
            if (line.isBlank()) continue;
            JsonNode n;
            try {
                n = JSON.readTree(line);
            } catch (IOException e) {
                throw new IOException(file + ": line " + lineNo + " is not JSON: " + e.getMessage().lines().findFirst().orElse(""), e);
            }
            if (!n.isObject()) throw new IOException(file + ": line " + lineNo + " is not a JSON object");
            out.add(n);
        }
        return out;
    }

    /**
     * Cuts {@code file} after the last complete record with {@code "step" <= step} that is
     * preceded only by such records (an unterminated tail goes too). Returns the records kept.
     */
    public static int truncateAfter(Path file, long step) throws IOException {
        if (!Files.exists(file)) return 0;
        byte[] bytes = Files.readAllBytes(file);
        long keep = 0;
        int kept = 0, lineStart = 0, lineNo = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] != '\n') continue;
            lineNo++;
            String line = new String(bytes, lineStart, i - lineStart, StandardCharsets.UTF_8);
            if (!line.isBlank()) {
                JsonNode n;
                try {
                    n = JSON.readTree(line);
                } catch (IOException e) {
                    throw new IOException(file + ": line " + lineNo + " is not JSON, so the file cannot be rolled back to step " + step, e);
                }
                JsonNode s = n.get("step");
                if (s == null || !s.canConvertToLong()) throw new IOException(file + ": line " + lineNo + " has no integer \"step\"");
                if (s.asLong() > step) break;
                kept++;
            }
            keep = i + 1;
            lineStart = i + 1;
        }
        if (keep < bytes.length) {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.truncate(keep);
                ch.force(true);
            }
        }
        return kept;
    }
}
