package dev.autodidact.transformer.checkpoint;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autodidact.transformer.ModelConfig;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@link ModelConfig} as a checkpoint's {@code config.json}: one JSON object whose fields are the
 * record's components, spelled as in Java ({@code vocabSize}, {@code dModel}, ...), enums by their
 * constant names. Every field is required and no other is allowed, so a file written by another
 * tool (a HuggingFace config.json, see {@link HfConfig}) or by a later schema is refused with the
 * field named rather than half-read.
 */
public final class ConfigJson {
    /** The fields, in the order they are written. */
    public static final List<String> FIELDS = List.of("vocabSize", "dModel", "layers", "heads", "kvHeads", "ffnDim", "contextLength",
            "norm", "positions", "ropeTheta", "activation", "tiedEmbeddings", "dropout", "initStd", "normEps", "bias");

    private ConfigJson() {}

    /** The JSON object for {@code c}. */
    public static ObjectNode toJson(ModelConfig c) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("vocabSize", c.vocabSize());
        o.put("dModel", c.dModel());
        o.put("layers", c.layers());
        o.put("heads", c.heads());
        o.put("kvHeads", c.kvHeads());
        o.put("ffnDim", c.ffnDim());
        o.put("contextLength", c.contextLength());
        o.put("norm", c.norm().name());
        o.put("positions", c.positions().name());
        o.put("ropeTheta", c.ropeTheta());
        o.put("activation", c.activation().name());
        o.put("tiedEmbeddings", c.tiedEmbeddings());
        o.put("dropout", c.dropout());
        o.put("initStd", c.initStd());
        o.put("normEps", c.normEps());
        o.put("bias", c.bias());
        return o;
    }

    /** Pretty-printed config.json text for {@code c}. */
    public static String toText(ModelConfig c) {
        return Json.pretty(toJson(c));
    }

    /** Parses config.json text; {@code source} names the file in errors. */
    public static ModelConfig parse(String text, String source) throws CheckpointFormatException {
        return fromJson(Json.parseObject(text.getBytes(StandardCharsets.UTF_8), source), source);
    }

    /** The config in object {@code o}; {@code source} names the file in errors. */
    public static ModelConfig fromJson(ObjectNode o, String source) throws CheckpointFormatException {
        Set<String> fields = new LinkedHashSet<>(FIELDS);
        Json.requireFields(o, fields, fields, source);
        try {
            return new ModelConfig(
                    Json.intField(o, "vocabSize", source), Json.intField(o, "dModel", source), Json.intField(o, "layers", source),
                    Json.intField(o, "heads", source), Json.intField(o, "kvHeads", source), Json.intField(o, "ffnDim", source),
                    Json.intField(o, "contextLength", source),
                    Json.enumField(o, "norm", ModelConfig.Norm.class, source), Json.enumField(o, "positions", ModelConfig.Positions.class, source),
                    Json.floatField(o, "ropeTheta", source), Json.enumField(o, "activation", ModelConfig.Activation.class, source),
                    Json.boolField(o, "tiedEmbeddings", source), Json.floatField(o, "dropout", source), Json.floatField(o, "initStd", source),
                    Json.floatField(o, "normEps", source), Json.boolField(o, "bias", source));
        } catch (IllegalArgumentException e) {
            throw new CheckpointFormatException(source + ": " + e.getMessage(), e);
        }
    }

    /** Reads {@code file}. */
    public static ModelConfig read(Path file) throws IOException {
        return fromJson(Json.readObject(file), file.toString());
    }

    /** Writes {@code c} to {@code file} and forces it to the disk. */
    public static void write(ModelConfig c, Path file) throws IOException {
        Json.writeString(file, toText(c));
    }
}
