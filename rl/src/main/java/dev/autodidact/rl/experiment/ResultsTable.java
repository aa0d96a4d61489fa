package dev.autodidact.rl.experiment;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autodidact.transformer.monitor.JsonLines;
import dev.autodidact.transformer.monitor.MetricsRow;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Final metrics per arm (a method, run over seeds): mean ± std and a 95% confidence interval
 * over the seeds of each arm ({@link Stat}), as console text, JSON and an HTML table. Metrics
 * are the evaluation metrics ({@code eval/...}) followed by the headline training metrics
 * present in the runs.
 */
public record ResultsTable(List<Arm> arms, List<String> metrics) {
    /** Training metrics shown after the evaluation metrics, when logged. */
    public static final List<String> HEADLINE = List.of("reward/mean", "vote/majority_ratio", "vote/label_acc", "vote/reward_acc",
            "policy/entropy", "policy/kl_ref", "completion/len_mean");

    /** One arm: its name, the seeds aggregated, and a statistic per metric. */
    public record Arm(String name, List<Long> seeds, Map<String, Stat> stats) {}

    public ResultsTable {
        arms = List.copyOf(arms);
        metrics = List.copyOf(metrics);
    }

    /** Groups {@code runs} by arm (in first-seen order) and aggregates each metric's final value over them. */
    public static ResultsTable of(List<Summary> runs) {
        Map<String, List<Summary>> byArm = new LinkedHashMap<>();
        for (Summary s : runs) byArm.computeIfAbsent(s.arm(), k -> new ArrayList<>()).add(s);
        Set<String> evals = new LinkedHashSet<>(), present = new LinkedHashSet<>();
        for (Summary s : runs)
            for (String k : s.finals().keySet()) {
                if (k.startsWith("eval/")) evals.add(k);
                present.add(k);
            }
        List<String> metrics = new ArrayList<>(evals.stream().sorted().toList());
        for (String k : HEADLINE) if (present.contains(k)) metrics.add(k);
        List<Arm> arms = new ArrayList<>();
        byArm.forEach((name, list) -> {
            Map<String, Stat> stats = new LinkedHashMap<>();
            for (String m : metrics) {
                double[] values = list.stream().filter(s -> s.finals().containsKey(m)).mapToDouble(s -> s.finals().get(m)).toArray();
                stats.put(m, Stat.of(values));
            }
            List<Long> seeds = list.stream().filter(s -> s.seed().isPresent()).map(s -> s.seed().getAsLong()).toList();
            arms.add(new Arm(name, seeds, stats));
        });
        return new ResultsTable(arms, metrics);
    }

    /** Seeds aggregated in the arm, for headers ({@code n=3}). */
    private static int count(Arm a) {
        return a.stats().values().stream().mapToInt(Stat::n).max().orElse(0);
    }

    /** A fixed-width table: one row per metric, one column per arm. */
    public String toText() {
        List<String> header = new ArrayList<>(List.of("metric"));
        for (Arm a : arms) header.add(a.name() + " (n=" + count(a) + ")");
        List<List<String>> rows = new ArrayList<>();
        rows.add(header);
        for (String m : metrics) {
            List<String> row = new ArrayList<>(List.of(m));
            for (Arm a : arms) row.add(a.stats().get(m).format());
            rows.add(row);
        }
        int[] width = new int[header.size()];
        for (List<String> r : rows) for (int i = 0; i < r.size(); i++) width[i] = Math.max(width[i], r.get(i).length());
        StringBuilder sb = new StringBuilder();
        for (List<String> r : rows) {
            for (int i = 0; i < r.size(); i++) {
                sb.append(r.get(i));
                if (i < r.size() - 1) sb.append(" ".repeat(width[i] - r.get(i).length() + 2));
            }
            sb.append('\n');
        }
        if (metrics.isEmpty()) sb.append("(no final metrics)\n");
        sb.append("mean ± std [95% CI, Student t] over seeds\n");
        return sb.toString();
    }

    public ObjectNode toJson() {
        ObjectNode o = JsonLines.JSON.createObjectNode();
        o.put("interval", "95% confidence interval of the mean, Student t with n-1 degrees of freedom");
        ArrayNode arr = o.putArray("arms");
        for (Arm a : arms) {
            ObjectNode ao = arr.addObject();
            ao.put("arm", a.name());
            ArrayNode seeds = ao.putArray("seeds");
            a.seeds().forEach(seeds::add);
            ObjectNode ms = ao.putObject("metrics");
            a.stats().forEach((k, s) -> {
                ObjectNode so = ms.putObject(k);
                so.put("n", s.n());
                MetricsRow.putNumber(so, "mean", s.mean());
                MetricsRow.putNumber(so, "std", s.std());
                ArrayNode ci = so.putArray("ci95"); // [low, high]; empty with a single seed
                if (Double.isFinite(s.ciLow())) ci.add(s.ciLow()).add(s.ciHigh());
            });
        }
        return o;
    }

    /** An HTML {@code <table>} (escaped), for the report. */
    public String toHtml() {
        StringBuilder sb = new StringBuilder("<table class=\"results\">\n<thead><tr><th>metric</th>");
        for (Arm a : arms) sb.append("<th>").append(Html.escape(a.name())).append(" <span class=\"n\">(n=").append(count(a)).append(")</span></th>");
        sb.append("</tr></thead>\n<tbody>\n");
        for (String m : metrics) {
            sb.append("<tr><td class=\"key\">").append(Html.escape(m)).append("</td>");
            for (Arm a : arms) sb.append("<td>").append(Html.escape(a.stats().get(m).format())).append("</td>");
            sb.append("</tr>\n");
        }
        sb.append("</tbody>\n</table>\n");
        return sb.toString();
    }
}
