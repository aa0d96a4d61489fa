package dev.autodidact.transformer.checkpoint;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The strict JSON reading shared by the checkpoint files: duplicate keys and trailing tokens are
 * errors, decimals keep every digit (so a float reads back to the exact float that was written),
 * and every complaint names the file and the field.
 */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Json() {}

    /** The top-level object of the JSON file {@code file}. */
    static ObjectNode readObject(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        return parseObject(bytes, file.toString());
    }

    static ObjectNode parseObject(byte[] bytes, String source) throws CheckpointFormatException {
        JsonNode root;
        try {
            root = MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new CheckpointFormatException(source + ": not valid JSON: " + firstLine(e.getMessage()), e);
        }
        if (root == null || !root.isObject()) throw new CheckpointFormatException(source + ": the top level must be a JSON object");
        return (ObjectNode) root;
    }

    /** Pretty JSON text with a final newline, for files people read. */
    static String pretty(JsonNode node) {
        try {
            return PRETTY.writeValueAsString(node) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException("json: cannot serialise " + node, e);
        }
    }

    static String firstLine(String message) {
        if (message == null) return "";
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    /** Fails naming every field of {@code object} outside {@code known}, and every one of {@code required} it lacks. */
    static void requireFields(ObjectNode object, Set<String> required, Set<String> known, String source) throws CheckpointFormatException {
        Set<String> unknown = new LinkedHashSet<>();
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!known.contains(f)) unknown.add(f);
        }
        Set<String> missing = new LinkedHashSet<>(required);
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) missing.remove(it.next());
        StringBuilder sb = new StringBuilder();
        if (!missing.isEmpty()) sb.append("missing field").append(missing.size() > 1 ? "s " : " ").append(quoted(missing));
        if (!unknown.isEmpty()) {
            if (!sb.isEmpty()) sb.append("; ");
            sb.append("unknown field").append(unknown.size() > 1 ? "s " : " ").append(quoted(unknown)).append(" (known: ").append(String.join(", ", known)).append(')');
        }
        if (!sb.isEmpty()) throw new CheckpointFormatException(source + ": " + sb);
    }

    private static String quoted(Set<String> names) {
        StringBuilder sb = new StringBuilder();
        for (String n : names) sb.append(sb.isEmpty() ? "" : ", ").append('\'').append(n).append('\'');
        return sb.toString();
    }

    static int intField(ObjectNode o, String field, String source) throws CheckpointFormatException {
        JsonNode n = o.get(field);
        if (n == null || n.isNull()) throw new CheckpointFormatException(source + ": missing field '" + field + "'");
        if (!n.isIntegralNumber() || !n.canConvertToInt()) throw new CheckpointFormatException(source + ": field '" + field + "' must be an integer that fits in 32 bits, got " + n);
        return n.intValue();
    }

    static long longField(ObjectNode o, String field, String source) throws CheckpointFormatException {
        JsonNode n = o.get(field);
        if (n == null || n.isNull()) throw new CheckpointFormatException(source + ": missing field '" + field + "'");
        if (!n.isIntegralNumber() || !n.canConvertToLong()) throw new CheckpointFormatException(source + ": field '" + field + "' must be a 64-bit integer, got " + n);
        return n.longValue();
    }

    /** A float read through its decimal text, so that the shortest decimal of a float returns that float exactly. */
    static float floatField(ObjectNode o, String field, String source) throws CheckpointFormatException {
        JsonNode n = o.get(field);
        if (n == null || n.isNull()) throw new CheckpointFormatException(source + ": missing field '" + field + "'");
        if (!n.isNumber()) throw new CheckpointFormatException(source + ": field '" + field + "' must be a number, got " + n);
        return Float.parseFloat(n.asText());
    }

    static boolean boolField(ObjectNode o, String field, String source) throws CheckpointFormatException {
        JsonNode n = o.get(field);
        if (n == null || n.isNull()) throw new CheckpointFormatException(source + ": missing field '" + field + "'");
        if (!n.isBoolean()) throw new CheckpointFormatException(source + ": field '" + field + "' must be true or false, got " + n);
        return n.booleanValue();
    }

    static String textField(ObjectNode o, String field, String source) throws CheckpointFormatException {
        JsonNode n = o.get(field);
        if (n == null || n.isNull()) throw new CheckpointFormatException(source + ": missing field '" + field + "'");
        if (!n.isTextual()) throw new CheckpointFormatException(source + ": field '" + field + "' must be a string, got " + n);
        return n.textValue();
    }

    static <E extends Enum<E>> E enumField(ObjectNode o, String field, Class<E> type, String source) throws CheckpointFormatException {
        String text = textField(o, field, source);
        for (E e : type.getEnumConstants()) if (e.name().equals(text)) return e;
        StringBuilder known = new StringBuilder();
        for (E e : type.getEnumConstants()) known.append(known.isEmpty() ? "" : ", ").append(e.name());
        throw new CheckpointFormatException(source + ": field '" + field + "' is '" + text + "', not one of " + known);
    }

    /** A string→string object, such as safetensors {@code __metadata__}. */
    static Map<String, String> stringMap(JsonNode n, String what, String source) throws CheckpointFormatException {
        if (!n.isObject()) throw new CheckpointFormatException(source + ": " + what + " must be an object of strings, got " + n.getNodeType());
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (var e : n.properties()) {
            if (!e.getValue().isTextual()) throw new CheckpointFormatException(source + ": " + what + " value of '" + e.getKey() + "' must be a string, got " + e.getValue());
            out.put(e.getKey(), e.getValue().textValue());
        }
        return out;
    }

    static void writeString(Path file, String text) throws IOException {
        Durable.write(file, text.getBytes(StandardCharsets.UTF_8));
    }
}
