package dev.autodidact.transformer.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One line of {@code metrics.jsonl}: the step, the wall-clock time (seconds since the epoch) and
 * the step's metrics under slash-named keys ({@code reward/mean}, {@code policy/kl_ref},
 * {@code eval/add/pass@1} ...). JSON has no NaN or infinity, so those are written as the strings
 * {@code "NaN"}, {@code "Infinity"} and {@code "-Infinity"}, and read back as doubles.
 */
public record MetricsRow(long step, double time, Map<String, Double> values) {
    public static final String STEP = "step", TIME = "time";

    public MetricsRow {
        if (step < 0) throw new IllegalArgumentException("metrics: step must be >= 0, got " + step);
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        for (var e : values.entrySet()) {
            if (e.getKey().equals(STEP) || e.getKey().equals(TIME))
                throw new IllegalArgumentException("metrics: '" + e.getKey() + "' is written by the log itself and cannot be a metric name");
            if (e.getKey().isBlank()) throw new IllegalArgumentException("metrics: a metric name is blank");
            if (e.getValue() == null) throw new IllegalArgumentException("metrics: '" + e.getKey() + "' has no value");
        }
    }

    /** The value of {@code key}, or NaN when this row lacks it. */
    public double get(String key) {
        Double v = values.get(key);
        return v == null ? Double.NaN : v;
    }

    public ObjectNode toJson() {
        ObjectNode o = JsonLines.JSON.createObjectNode();
        o.put(STEP, step);
        o.put(TIME, time);
        values.forEach((k, v) -> putNumber(o, k, v));
        return o;
    }

    /** Puts {@code v} under {@code key}: a JSON number, or the string "NaN" / "Infinity" / "-Infinity". */
    public static void putNumber(ObjectNode o, String key, double v) {
        if (Double.isFinite(v)) o.put(key, v);
        else o.put(key, Double.toString(v));
    }

    /** The inverse of {@link #putNumber}; anything else fails naming {@code what}. */
    public static double number(JsonNode n, String what) {
        if (n.isNumber()) return n.doubleValue();
        if (n.isTextual()) {
            switch (n.textValue()) {
                case "NaN": return Double.NaN;
                case "Infinity": return Double.POSITIVE_INFINITY;
                case "-Infinity": return Double.NEGATIVE_INFINITY;
                default: break;
            }
        }
        throw new IllegalArgumentException(what + " must be a number (or \"NaN\", \"Infinity\", \"-Infinity\"), got " + n);
    }

    public static MetricsRow fromJson(JsonNode o, String source) {
        JsonNode step = o.get(STEP);
        if (step == null || !step.canConvertToLong()) throw new IllegalArgumentException(source + ": a row without an integer \"step\": " + o);
        JsonNode time = o.get(TIME);
        Map<String, Double> values = new LinkedHashMap<>();
        for (var e : o.properties()) {
            if (e.getKey().equals(STEP) || e.getKey().equals(TIME) || e.getValue().isNull()) continue;
            if (!e.getValue().isNumber() && !e.getValue().isTextual()) continue; // not a metric (a future structured field)
            values.put(e.getKey(), number(e.getValue(), source + ": step " + step.asLong() + " '" + e.getKey() + "'"));
        }
        return new MetricsRow(step.asLong(), time == null ? Double.NaN : number(time, source + ": \"time\""), values);
    }
}
