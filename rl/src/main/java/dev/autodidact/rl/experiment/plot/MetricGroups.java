package dev.autodidact.rl.experiment.plot;

import dev.autodidact.transformer.monitor.MetricsRow;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Which metrics go on which chart: reward, accuracy, KL, entropy and length, each matched by
 * key pattern (the slash-named keys of rl/README.md). A group with no matching key makes no
 * chart.
 */
public final class MetricGroups {
    /** A chart's id (its file name), title, y label and the keys it plots. */
    public record Group(String id, String title, String yLabel, Predicate<String> keys) {}

    private static final Pattern EVAL_ACCURACY = Pattern.compile("eval/.+/(acc_greedy|pass@\\d+|maj@\\d+|best@\\d+|mean@\\d+)");
    private static final Pattern EVAL_LENGTH = Pattern.compile("eval/.+/mean_len");

    public static final List<Group> GROUPS = List.of(
            new Group("reward", "Reward", "reward", k -> k.equals("reward/mean") || k.matches("reward/[^/]+/mean")),
            new Group("accuracy", "Accuracy", "fraction", k -> EVAL_ACCURACY.matcher(k).matches()
                    || k.equals("vote/label_acc") || k.equals("vote/reward_acc") || k.equals("vote/majority_ratio")),
            new Group("kl", "KL divergence", "nats per token", k -> k.equals("policy/kl_ref") || k.equals("policy/approx_kl_old")),
            new Group("entropy", "Entropy", "nats per token", k -> k.equals("policy/entropy") || k.equals("certainty/mean")),
            new Group("length", "Completion length", "tokens", k -> k.startsWith("completion/len_") || EVAL_LENGTH.matcher(k).matches()));

    private MetricGroups() {}

    /** One chart per group that has data, each series a key of {@code rows}. */
    public static List<LineChart> charts(List<MetricsRow> rows) {
        return charts(Map.of("", rows));
    }

    /**
     * Charts of several runs (arms) together: series are named {@code label: key} (just
     * {@code key} for a single unlabelled run).
     */
    public static List<LineChart> charts(Map<String, List<MetricsRow>> runs) {
        List<LineChart> out = new ArrayList<>();
        for (Group g : GROUPS) {
            List<LineChart.Series> series = new ArrayList<>();
            runs.forEach((label, rows) -> {
                Set<String> keys = new LinkedHashSet<>();
                for (MetricsRow r : rows) for (String k : r.values().keySet()) if (g.keys().test(k)) keys.add(k);
                for (String k : keys) {
                    List<double[]> pts = new ArrayList<>();
                    for (MetricsRow r : rows) if (r.values().containsKey(k)) pts.add(new double[] {r.step(), r.get(k)});
                    series.add(new LineChart.Series(label.isEmpty() ? k : label + ": " + k,
                            pts.stream().mapToDouble(p -> p[0]).toArray(), pts.stream().mapToDouble(p -> p[1]).toArray()));
                }
            });
            if (!series.isEmpty()) out.add(new LineChart(g.id(), g.title(), "step", g.yLabel(), series));
        }
        return out;
    }

    /**
     * The mean over runs of each key at each step where at least one run logged it: the curve
     * of an arm over its seeds.
     */
    public static List<MetricsRow> mean(List<List<MetricsRow>> runs) {
        TreeMap<Long, Map<String, double[]>> acc = new TreeMap<>();
        for (List<MetricsRow> rows : runs)
            for (MetricsRow r : rows) {
                Map<String, double[]> at = acc.computeIfAbsent(r.step(), s -> new LinkedHashMap<>());
                r.values().forEach((k, v) -> {
                    double[] sc = at.computeIfAbsent(k, x -> new double[2]);
                    sc[0] += v;
                    sc[1]++;
                });
            }
        List<MetricsRow> out = new ArrayList<>();
        acc.forEach((step, m) -> {
            Map<String, Double> values = new LinkedHashMap<>();
            m.forEach((k, sc) -> values.put(k, sc[0] / sc[1]));
            out.add(new MetricsRow(step, Double.NaN, values));
        });
        return out;
    }
}
