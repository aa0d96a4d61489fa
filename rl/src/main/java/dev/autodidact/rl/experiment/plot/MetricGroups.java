package dev.autodidact.rl.experiment.plot;

import dev.autodidact.transformer.monitor.MetricsRow;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which metrics go on which chart. A group (reward, held-out accuracy, self-reward quality, the
 * calibration of the vote and of each sample's confidence, KL, entropy, length) matches keys by
 * pattern (the slash-named keys of rl/README.md), each key naming a facet (the evaluation's
 * {@code task/split}, or none for training metrics) and a metric. A group with at most
 * {@link #MAX_SERIES} lines is one chart; a crowded one is split into one chart per facet, and a
 * facet still crowded into one chart per metric with one line per run (arm), so that every chart
 * stays readable. A group with no matching key makes no chart.
 */
public final class MetricGroups {
    /** The most lines one chart holds before its group is split. */
    public static final int MAX_SERIES = 8;

    /**
     * A chart family: its id (file name stem), title, y label, and the key patterns it plots;
     * each pattern has the named groups {@code facet} (may match nothing) and {@code metric}.
     */
    public record Group(String id, String title, String yLabel, List<Pattern> patterns) {
        /** The key's facet and metric, when the key belongs to this group. */
        Optional<String[]> match(String key) {
            for (Pattern p : patterns) {
                Matcher m = p.matcher(key);
                if (m.matches()) return Optional.of(new String[] {m.group("facet"), m.group("metric")});
            }
            return Optional.empty();
        }
    }

    private static Pattern eval(String metrics) {
        return Pattern.compile("eval/(?<facet>.+)/(?<metric>" + metrics + ")");
    }

    private static Pattern training(String keys) {
        return Pattern.compile("(?<facet>)(?<metric>" + keys + ")");
    }

    // reward/total/mean repeats reward/mean; Brier scores, vote shares and mean token probabilities are in the
    // final table only: the charts keep the two numbers that say most (ECE: are confidences honest; AUROC: do they rank)
    public static final List<Group> GROUPS = List.of(
            new Group("reward", "Reward", "reward", List.of(training("reward/mean|reward/(?!total/)[^/]+/mean"))),
            new Group("accuracy", "Held-out accuracy", "fraction", List.of(eval("acc_greedy|pass@\\d+|maj@\\d+|best@\\d+|mean@\\d+"))),
            new Group("self-reward", "Self-reward quality", "fraction", List.of(training("vote/label_acc|vote/reward_acc|vote/majority_ratio"))),
            new Group("calibration-vote", "Calibration of the majority vote's share", "ECE, AUROC", List.of(eval("ece_vote|auroc_vote"))),
            new Group("calibration-sample", "Calibration of a sample's mean token probability", "ECE, AUROC", List.of(eval("ece_token_prob|auroc_token_prob"))),
            new Group("kl", "KL divergence", "nats per token", List.of(training("policy/kl_ref|policy/approx_kl_old"))),
            new Group("entropy", "Token entropy", "nats per token", List.of(training("policy/entropy"), eval("entropy"))),
            // far larger than the entropy when the policy is sure (KL(U || p) grows without bound), so on a chart of its own
            new Group("certainty", "Self-certainty", "KL(U || p), nats per token", List.of(training("certainty/mean"), eval("self_certainty"))),
            new Group("length", "Completion length", "tokens", List.of(training("completion/len_[a-z_]+"), eval("mean_len"))));

    /** The group a chart of {@link #charts} belongs to (its id is the group's id, or starts with it and a dash). */
    public static Optional<Group> groupOf(LineChart chart) {
        return GROUPS.stream().filter(g -> chart.id().equals(g.id()) || chart.id().startsWith(g.id() + "-")).findFirst();
    }

    private MetricGroups() {}

    /** One chart per group that has data (more when a group is crowded), each series a key of {@code rows}. */
    public static List<LineChart> charts(List<MetricsRow> rows) {
        return charts(Map.of("", rows));
    }

    /** One line: a run's values of one key. */
    private record Line(String run, int runIndex, String key, String facet, String metric) {}

    /**
     * Charts of several runs (arms) together: series are named {@code label: key} (just
     * {@code key} for a single unlabelled run), shortened to what the chart's title does not
     * already say (just {@code label} when every line shows the same metric; then a run keeps
     * one colour).
     */
    public static List<LineChart> charts(Map<String, List<MetricsRow>> runs) {
        List<LineChart> out = new ArrayList<>();
        for (Group g : GROUPS) {
            List<Line> lines = new ArrayList<>();
            int runIndex = 0;
            for (var run : runs.entrySet()) {
                Set<String> keys = new LinkedHashSet<>();
                for (MetricsRow r : run.getValue()) keys.addAll(r.values().keySet());
                for (String k : keys) {
                    int index = runIndex;
                    g.match(k).ifPresent(fm -> lines.add(new Line(run.getKey(), index, k, fm[0], fm[1])));
                }
                runIndex++;
            }
            if (lines.isEmpty()) continue;
            if (lines.size() <= MAX_SERIES) {
                out.add(chart(g.id(), g.title(), g, lines, runs, l -> l.key()));
                continue;
            }
            Map<String, List<Line>> byFacet = groupBy(lines, Line::facet);
            for (var facet : byFacet.entrySet()) {
                String id = g.id() + (facet.getKey().isEmpty() ? "" : "-" + fileSafe(facet.getKey()));
                String title = g.title() + (facet.getKey().isEmpty() ? "" : " — " + facet.getKey());
                if (facet.getValue().size() <= MAX_SERIES) {
                    out.add(chart(id, title, g, facet.getValue(), runs, Line::metric));
                    continue;
                }
                for (var metric : groupBy(facet.getValue(), Line::metric).entrySet()) {
                    String metricTitle = metric.getKey() + (facet.getKey().isEmpty() ? "" : " — " + facet.getKey());
                    // one line per run; a single run's crowded facet comes out as one chart per metric
                    out.add(chart(id + "-" + fileSafe(metric.getKey()), metricTitle, g, metric.getValue(), runs, l -> ""));
                }
            }
        }
        return out;
    }

    /**
     * A chart of {@code lines}, each named by {@code name} and its run. When every line shows the
     * same metric, a line is named by its run alone and takes its run's colour, so that a run
     * keeps one colour across such charts.
     */
    private static LineChart chart(String id, String title, Group g, List<Line> lines, Map<String, List<MetricsRow>> runs, Function<Line, String> name) {
        List<LineChart.Series> series = new ArrayList<>();
        boolean labelled = runs.size() > 1 || !runs.containsKey("");
        boolean oneMetric = lines.stream().map(name).distinct().count() == 1;
        for (Line l : lines) {
            String n = name.apply(l);
            String label = labelled ? (oneMetric ? l.run() : l.run() + ": " + n) : (n.isEmpty() ? l.key() : n);
            List<double[]> pts = new ArrayList<>();
            for (MetricsRow r : runs.get(l.run())) if (r.values().containsKey(l.key())) pts.add(new double[] {r.step(), r.get(l.key())});
            series.add(new LineChart.Series(label, pts.stream().mapToDouble(p -> p[0]).toArray(), pts.stream().mapToDouble(p -> p[1]).toArray(),
                    labelled && oneMetric ? l.runIndex() : -1));
        }
        return new LineChart(id, title, "step", g.yLabel(), series);
    }

    private static <K> Map<K, List<Line>> groupBy(List<Line> lines, Function<Line, K> key) {
        Map<K, List<Line>> out = new LinkedHashMap<>();
        for (Line l : lines) out.computeIfAbsent(key.apply(l), x -> new ArrayList<>()).add(l);
        return out;
    }

    /** A file-name stem for a facet or metric: {@code add3/test} -> {@code add3-test}, {@code pass@1} -> {@code pass-1}. */
    static String fileSafe(String s) {
        return s.replaceAll("[^A-Za-z0-9_]+", "-").replaceAll("^-|-$", "");
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
