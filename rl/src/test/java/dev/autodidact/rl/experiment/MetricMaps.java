package dev.autodidact.rl.experiment;

import java.util.LinkedHashMap;
import java.util.Map;

/** Metric maps for tests, written inline: {@code m("reward/mean", 0.4, "policy/kl_ref", 0.01)}. */
final class MetricMaps {
    private MetricMaps() {}

    static Map<String, Double> m(Object... kv) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) out.put((String) kv[i], ((Number) kv[i + 1]).doubleValue());
        return out;
    }
}
