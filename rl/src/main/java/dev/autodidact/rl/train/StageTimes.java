package dev.autodidact.rl.train;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Where a run's time went: the per-step {@code time/gen_s}, {@code time/score_s},
 * {@code time/update_s} and {@code time/eval_s} metrics summed over the steps it ran, and the
 * slowest stage named, so a user sees at the end of a run which stage to make faster.
 */
public final class StageTimes {
    /** Metric key -> the stage's name in the summary line, in step order. */
    private static final Map<String, String> STAGES = Map.of("time/gen_s", "generate", "time/score_s", "score", "time/update_s", "update", "time/eval_s", "eval");
    private static final String[] ORDER = {"time/gen_s", "time/score_s", "time/update_s", "time/eval_s"};

    private final Map<String, Double> seconds = new LinkedHashMap<>();

    public StageTimes() {
        for (String k : ORDER) seconds.put(k, 0.0);
    }

    /** Adds one step's metrics (keys other than the stages' are ignored). */
    public void add(Map<String, Double> metrics) {
        for (String k : ORDER) {
            Double v = metrics.get(k);
            if (v != null && Double.isFinite(v)) seconds.merge(k, v, Double::sum);
        }
    }

    /** Seconds summed for a stage's metric key ({@code time/gen_s}, ...). */
    public double seconds(String key) {
        if (!seconds.containsKey(key)) throw new IllegalArgumentException("stage times: unknown stage '" + key + "', expected one of " + seconds.keySet());
        return seconds.get(key);
    }

    /** The stage with the most seconds ("generate", "score", "update" or "eval"). */
    public String slowest() {
        String best = ORDER[0];
        for (String k : ORDER) if (seconds.get(k) > seconds.get(best)) best = k;
        return STAGES.get(best);
    }

    /** E.g. {@code time: generate 41.0 s (55%), score 4.8 s (6%), update 21.3 s (29%), eval 7.4 s (10%); slowest: generate}. */
    public String line() {
        double total = seconds.values().stream().mapToDouble(Double::doubleValue).sum();
        StringBuilder b = new StringBuilder("time:");
        String sep = " ";
        for (String k : ORDER) {
            double s = seconds.get(k);
            b.append(sep).append(String.format(Locale.ROOT, "%s %.1f s (%.0f%%)", STAGES.get(k), s, total > 0 ? 100 * s / total : 0));
            sep = ", ";
        }
        return b.append("; slowest: ").append(slowest()).toString();
    }
}
