package dev.autodidact.transformer.checkpoint;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autodidact.transformer.ModelConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class ConfigJsonTest {
    @TempDir
    Path dir;

    @Test
    void everyPresetAndStyleRoundTripsExactly() throws IOException {
        ModelConfig odd = new ModelConfig(1000, 96, 3, 6, 2, 250, 77, ModelConfig.Norm.RMS_NORM, ModelConfig.Positions.ROTARY,
                500000f, ModelConfig.Activation.SWIGLU, true, 0.1f, 0.0173f, 1.0e-6f, false);
        for (ModelConfig c : List.of(ModelConfig.presetS(), ModelConfig.presetM(), ModelConfig.presetL(),
                ModelConfig.llamaStyle(300, 64, 2, 4, 2, 32), odd)) {
            Path f = dir.resolve("config.json");
            ConfigJson.write(c, f);
            assertEquals(c, ConfigJson.read(f));
        }
    }

    @Test
    void theFileUsesOurFieldNamesInOrder() {
        ObjectNode o = ConfigJson.toJson(ModelConfig.presetS());
        assertEquals(ConfigJson.FIELDS, iterable(o));
        assertEquals("LAYER_NORM", o.get("norm").textValue());
        assertEquals(128, o.get("dModel").intValue());
    }

    private static List<String> iterable(ObjectNode o) {
        List<String> names = new java.util.ArrayList<>();
        o.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private String failure(String json) {
        Path f = dir.resolve("bad-config.json");
        try {
            Files.writeString(f, json);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        var e = assertThrows(CheckpointFormatException.class, () -> ConfigJson.read(f));
        assertTrue(e.getMessage().startsWith(f + ": "), e.getMessage());
        return e.getMessage().substring((f + ": ").length());
    }

    private static String validWith(String field, String value) {
        ObjectNode o = ConfigJson.toJson(ModelConfig.presetS());
        String text = o.toString();
        String from = "\"" + field + "\":" + o.get(field).toString();
        assertTrue(text.contains(from));
        return text.replace(from, value == null ? "\"" + field + "\":" + o.get(field) : value);
    }

    @Test
    void unknownAndMissingFieldsAreNamed() {
        assertEquals("unknown field 'n_embd' (known: " + String.join(", ", ConfigJson.FIELDS) + ")",
                failure(validWith("bias", "\"bias\":true,\"n_embd\":768")));
        assertEquals("missing field 'heads'", failure(validWith("heads", "\"headz\":4").replace(",\"headz\":4", "")));
        String both = failure(validWith("heads", "\"headz\":4"));
        assertTrue(both.startsWith("missing field 'heads'; unknown field 'headz'"), both);
    }

    @Test
    void wrongTypesAndValuesAreNamed() {
        assertEquals("field 'layers' must be an integer that fits in 32 bits, got 2.5", failure(validWith("layers", "\"layers\":2.5")));
        assertEquals("field 'layers' must be an integer that fits in 32 bits, got \"4\"", failure(validWith("layers", "\"layers\":\"4\"")));
        assertEquals("field 'norm' is 'BATCH_NORM', not one of LAYER_NORM, RMS_NORM", failure(validWith("norm", "\"norm\":\"BATCH_NORM\"")));
        assertEquals("field 'bias' must be true or false, got 1", failure(validWith("bias", "\"bias\":1")));
        assertEquals("model config: dModel 128 must be a positive multiple of heads 3", failure(validWith("heads", "\"heads\":3")));
        assertTrue(failure("{\"vocabSize\":").startsWith("not valid JSON"));
        assertEquals("the top level must be a JSON object", failure("[1]"));
    }

    @Test
    void trainerStateRoundTripsEvery64BitWord() throws IOException {
        TrainerState s = new TrainerState(1234, new long[] {-1L, Long.MIN_VALUE, 0, 0x0123456789abcdefL}, 98765, Map.of("metricsOffset", "4096"));
        Path f = dir.resolve(TrainerState.FILE);
        s.write(f);
        assertEquals(s, TrainerState.read(f));
        assertTrue(Files.readString(f).contains("\"ffffffffffffffff\""));
    }

    @Test
    void trainerStateErrorsNameTheField() throws IOException {
        Path f = dir.resolve(TrainerState.FILE);
        Files.writeString(f, "{\"step\":1,\"rngState\":[\"12\"],\"dataCursor\":0,\"extra\":{}}");
        var e = assertThrows(CheckpointFormatException.class, () -> TrainerState.read(f));
        assertEquals(f + ": field 'rngState' word 0 must be a 16-digit hex string, got \"12\"", e.getMessage());
        Files.writeString(f, "{\"step\":1,\"rngState\":[],\"extra\":{}}");
        e = assertThrows(CheckpointFormatException.class, () -> TrainerState.read(f));
        assertEquals(f + ": missing field 'dataCursor'", e.getMessage());
        Files.writeString(f, "{\"step\":-1,\"rngState\":[],\"dataCursor\":0,\"extra\":{}}");
        e = assertThrows(CheckpointFormatException.class, () -> TrainerState.read(f));
        assertEquals(f + ": trainer state: step must be non-negative, got -1", e.getMessage());
    }
}
