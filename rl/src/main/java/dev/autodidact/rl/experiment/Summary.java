package dev.autodidact.rl.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autodidact.rl.metrics.TrainingHealth;
import dev.autodidact.transformer.monitor.JsonLines;
import dev.autodidact.transformer.monitor.MetricsRow;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * {@code summary.json}: what a run ended with. {@code finals} holds each metric's last logged
 * value (evaluation metrics are logged only at evaluation steps, so theirs is the last
 * evaluation); {@code warnings} holds what the trainer reported and what the metrics show
 * (non-finite values, entropy collapse, groups without signal).
 *
 * @param run         the run directory's name
 * @param recipe      the recipe's name ("" when the run has no config.yaml)
 * @param arm         the method's name, which groups seeds in tables (the directory's name without a config)
 * @param paper       the paper's title ("" when unknown)
 * @param seed        the run's seed, when known
 * @param lastStep    the last step logged (-1 for an empty log)
 * @param rows        rows in metrics.jsonl
 * @param wallSeconds time between the first and last row
 */
public record Summary(String run, String recipe, String arm, String paper, OptionalLong seed, long lastStep, int rows, double wallSeconds,
                      Map<String, Double> finals, List<String> warnings) {
    /** Warn when the last logged fraction of zero-std groups exceeds this. */
    public static final double NO_SIGNAL_THRESHOLD = TrainingHealth.NO_SIGNAL_THRESHOLD;

    public Summary {
        finals = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(finals));
        warnings = List.copyOf(warnings);
    }

    /** The summary of {@code rows}, with {@code trainerWarnings} first and the alerts the metrics show after them. */
    public static Summary of(String run, String recipe, String arm, String paper, OptionalLong seed, List<MetricsRow> rows, List<String> trainerWarnings) {
        Map<String, Double> finals = new LinkedHashMap<>();
        for (MetricsRow r : rows) r.values().forEach((k, v) -> {
            finals.remove(k); // keep keys in the order they last appeared
            finals.put(k, v);
        });
        Set<String> warnings = new LinkedHashSet<>(trainerWarnings);
        warnings.addAll(alerts(rows));
        double wall = rows.size() < 2 ? 0 : rows.getLast().time() - rows.getFirst().time();
        return new Summary(run, recipe, arm, paper, seed, rows.isEmpty() ? -1 : rows.getLast().step(), rows.size(), wall, finals, new ArrayList<>(warnings));
    }

    /** Alerts read off the metrics: the first non-finite value of each key, entropy collapse, no learning signal. */
    static List<String> alerts(List<MetricsRow> rows) {
        List<String> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (MetricsRow r : rows)
            for (var e : r.values().entrySet())
                if (!Double.isFinite(e.getValue()) && seen.add(e.getKey()))
                    out.add("'" + e.getKey() + "' was " + e.getValue() + " at step " + r.step());
        double[] entropy = rows.stream().mapToDouble(r -> r.get("policy/entropy")).filter(Double::isFinite).toArray();
        if (entropy.length >= 2)
            TrainingHealth.entropyCollapse(entropy, TrainingHealth.ENTROPY_COLLAPSE_RATIO, TrainingHealth.ENTROPY_FLOOR).ifPresent(w -> out.add(w.message()));
        double[] zeroStd = rows.stream().mapToDouble(r -> r.get("group/frac_zero_std")).filter(Double::isFinite).toArray();
        if (zeroStd.length > 0 && zeroStd[zeroStd.length - 1] > NO_SIGNAL_THRESHOLD)
            out.add(String.format(Locale.ROOT, "at the last step %.0f%% of groups had all-equal rewards (group/frac_zero_std) and gave no learning signal",
                    100 * zeroStd[zeroStd.length - 1]));
        return out;
    }

    public ObjectNode toJson() {
        ObjectNode o = JsonLines.JSON.createObjectNode();
        o.put("run", run);
        o.put("recipe", recipe);
        o.put("arm", arm);
        o.put("paper", paper);
        if (seed.isPresent()) o.put("seed", seed.getAsLong());
        o.put("last_step", lastStep);
        o.put("rows", rows);
        MetricsRow.putNumber(o, "wall_s", wallSeconds);
        ObjectNode f = o.putObject("final");
        finals.forEach((k, v) -> MetricsRow.putNumber(f, k, v));
        ArrayNode w = o.putArray("warnings");
        warnings.forEach(w::add);
        return o;
    }

    /** Writes {@code summary.json} atomically: a failure leaves the previous file, or none. */
    public void write(Path file) throws IOException {
        AtomicFiles.writeString(file, JsonLines.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(toJson()) + "\n");
    }

    public static Summary read(Path file) throws IOException {
        JsonNode o;
        try {
            o = JsonLines.JSON.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new IOException(file + ": not a summary (" + e.getMessage().lines().findFirst().orElse("") + ")", e);
        }
        try {
            Map<String, Double> finals = new LinkedHashMap<>();
            o.path("final").properties().forEach(e -> finals.put(e.getKey(), MetricsRow.number(e.getValue(), file + ": final '" + e.getKey() + "'")));
            List<String> warnings = new ArrayList<>();
            o.path("warnings").forEach(w -> warnings.add(w.asText()));
            return new Summary(o.path("run").asText(), o.path("recipe").asText(), o.path("arm").asText(), o.path("paper").asText(),
                    o.has("seed") ? OptionalLong.of(o.get("seed").asLong()) : OptionalLong.empty(), o.path("last_step").asLong(-1),
                    o.path("rows").asInt(), MetricsRow.number(o.path("wall_s"), file + ": wall_s"), finals, warnings);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
