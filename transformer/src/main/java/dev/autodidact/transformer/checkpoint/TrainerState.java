package dev.autodidact.transformer.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Where a training run stood when it was checkpointed, beyond its tensors: the optimizer step,
 * the state words of its random generator, the position in its data stream, and free-form
 * string pairs (a metrics-file offset, a schedule name...). Resuming from it continues the run
 * without repeating or skipping a step.
 *
 * @param step       optimizer steps taken
 * @param rngState   the generator's state words (stored as 16-digit hex strings, so 64-bit values survive any JSON reader)
 * @param dataCursor how far the data stream has been consumed (its meaning is the data loader's)
 * @param extra      anything else, string to string
 */
public record TrainerState(long step, long[] rngState, long dataCursor, Map<String, String> extra) {
    /** The file name inside a checkpoint directory. */
    public static final String FILE = "trainer_state.json";

    public TrainerState {
        if (step < 0) throw new IllegalArgumentException("trainer state: step must be non-negative, got " + step);
        rngState = rngState.clone();
        extra = Collections.unmodifiableMap(new TreeMap<>(extra));
    }

    @Override
    public long[] rngState() {
        return rngState.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrainerState t && step == t.step && dataCursor == t.dataCursor && Arrays.equals(rngState, t.rngState) && extra.equals(t.extra);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(step) * 31 + Arrays.hashCode(rngState);
    }

    @Override
    public String toString() {
        return "TrainerState[step=" + step + ", rngState=" + Arrays.toString(rngState) + ", dataCursor=" + dataCursor + ", extra=" + extra + "]";
    }

    ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("step", step);
        ArrayNode words = o.putArray("rngState");
        for (long w : rngState) words.add(String.format("%016x", w));
        o.put("dataCursor", dataCursor);
        ObjectNode x = o.putObject("extra");
        extra.forEach(x::put);
        return o;
    }

    static TrainerState fromJson(ObjectNode o, String source) throws CheckpointFormatException {
        Set<String> fields = new LinkedHashSet<>(List.of("step", "rngState", "dataCursor", "extra"));
        Json.requireFields(o, fields, fields, source);
        JsonNode words = o.get("rngState");
        if (!words.isArray()) throw new CheckpointFormatException(source + ": field 'rngState' must be an array of 16-digit hex strings, got " + words);
        long[] state = new long[words.size()];
        for (int i = 0; i < state.length; i++) {
            JsonNode w = words.get(i);
            if (!w.isTextual() || !w.textValue().matches("[0-9a-fA-F]{16}")) {
                throw new CheckpointFormatException(source + ": field 'rngState' word " + i + " must be a 16-digit hex string, got " + w);
            }
            state[i] = Long.parseUnsignedLong(w.textValue(), 16);
        }
        try {
            return new TrainerState(Json.longField(o, "step", source), state, Json.longField(o, "dataCursor", source),
                    Json.stringMap(o.get("extra"), "field 'extra'", source));
        } catch (IllegalArgumentException e) {
            throw new CheckpointFormatException(source + ": " + e.getMessage(), e);
        }
    }

    /** Reads a trainer_state.json file. */
    public static TrainerState read(Path file) throws IOException {
        return fromJson(Json.readObject(file), file.toString());
    }

    /** Writes this state to {@code file} and forces it to the disk. */
    public void write(Path file) throws IOException {
        Json.writeString(file, Json.pretty(toJson()));
    }
}
