package dev.autodidact.rl.reward;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The combined reward of a group and the unweighted reward of each term, so a run can log
 * every reward function's mean beside the total.
 *
 * @param total the weighted sum per completion (G)
 * @param terms term name to its unweighted rewards (G each), in declaration order
 */
public record RewardBreakdown(double[] total, Map<String, double[]> terms) {
    public RewardBreakdown {
        for (Map.Entry<String, double[]> e : terms.entrySet())
            if (e.getValue().length != total.length)
                throw new IllegalArgumentException("RewardBreakdown: term '" + e.getKey() + "' has " + e.getValue().length + " rewards for " + total.length + " completions");
        terms = Collections.unmodifiableMap(new LinkedHashMap<>(terms));
    }

    /** {@code total} and each term name to its mean over the completions. */
    public Map<String, Double> means() {
        return means(List.of(this));
    }

    /** Means over all completions of several groups (a step), each completion weighing the same. */
    public static Map<String, Double> means(List<RewardBreakdown> groups) {
        Map<String, double[]> sums = new LinkedHashMap<>(); // name -> {sum, count}
        for (RewardBreakdown b : groups) {
            accumulate(sums, "total", b.total);
            b.terms.forEach((name, r) -> accumulate(sums, name, r));
        }
        Map<String, Double> out = new LinkedHashMap<>();
        sums.forEach((name, s) -> out.put(name, s[0] / s[1]));
        return out;
    }

    private static void accumulate(Map<String, double[]> sums, String name, double[] r) {
        double[] s = sums.computeIfAbsent(name, k -> new double[2]);
        for (double x : r) s[0] += x;
        s[1] += r.length;
    }
}
