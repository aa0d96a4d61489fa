package dev.autodidact.rl.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.autodidact.rl.experiment.plot.ChartRenderer;
import dev.autodidact.rl.experiment.plot.LineChart;
import dev.autodidact.rl.experiment.plot.MetricGroups;
import dev.autodidact.transformer.monitor.JsonLines;
import dev.autodidact.transformer.monitor.MetricsLog;
import dev.autodidact.transformer.monitor.MetricsRow;
import dev.autodidact.transformer.monitor.Progress;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * Everything a run shows after the fact, regenerated from its logs: plots (PNG and SVG),
 * {@code summary.json} and a self-contained {@code report.html} (inline CSS and SVG, nothing
 * fetched). For a directory of runs (seeds, arms) it also writes {@code results.json},
 * {@code results.txt} and a report comparing the arms over their seeds.
 */
public final class Report {
    /** Completions shown per report: those of the last few logged steps. */
    static final int SAMPLE_STEPS = 3, SAMPLES_PER_STEP = 16;

    private Report() {}

    /** What {@link #generate} wrote. */
    public record Result(Path report, List<Path> plots, ResultsTable table, List<Summary> runs) {}

    /**
     * Regenerates the report of {@code dir}: a run directory (it holds {@code metrics.jsonl}), or
     * a directory whose subdirectories (to depth 2) are runs.
     */
    public static Result generate(Path given) throws IOException {
        Path dir = given.toAbsolutePath().normalize();   // run directories are absolute; relativize needs both sides alike
        if (!Files.isDirectory(dir)) throw new NoSuchFileException(dir.toString(), null, "no such directory");
        if (RunDirectory.isRun(dir)) return single(new RunDirectory(dir));
        List<Path> runs;
        try (Stream<Path> s = Files.walk(dir, 2)) {
            runs = s.filter(p -> !p.equals(dir) && Files.isDirectory(p) && RunDirectory.isRun(p)).sorted().toList();
        }
        if (runs.isEmpty())
            throw new NoSuchFileException(dir.toString(), null, "not a run directory (no " + RunDirectory.METRICS + ") and no run directories inside it");
        return multi(dir, runs);
    }

    // ---- one run -------------------------------------------------------------------------

    private static Result single(RunDirectory run) throws IOException {
        List<MetricsRow> rows = MetricsLog.read(run.metrics());
        List<Completion> completions = CompletionsLog.read(run.completions());
        JsonNode config = readConfig(run.config());
        List<String> warnings = Warnings.read(run.root());
        String name = run.root().getFileName().toString();
        String recipe = config.path("name").asText("");
        String arm = config.path("method").path("name").asText(recipe.isEmpty() ? name : recipe);
        OptionalLong seed = config.path("run").has("seed") ? OptionalLong.of(config.path("run").path("seed").asLong()) : OptionalLong.empty();
        Summary summary = Summary.of(name, recipe, arm, config.path("paper").asText(""), seed, rows, warnings);
        summary.write(run.summary());
        List<LineChart> charts = MetricGroups.charts(rows);
        List<Path> plots = writePlots(run.plots(), charts);
        ResultsTable table = ResultsTable.of(List.of(summary));
        String configText = Files.exists(run.config()) ? Files.readString(run.config()) : "";
        String html = page(title(config, name), header(config, summary), summary.warnings(), charts, table, samples(completions), List.of(), configText);
        AtomicFiles.writeString(run.report(), html);
        return new Result(run.report(), plots, table, List.of(summary));
    }

    private static JsonNode readConfig(Path file) throws IOException {
        if (!Files.exists(file)) return YAMLMapper.builder().build().createObjectNode();
        try {
            JsonNode n = new YAMLMapper().readTree(Files.readString(file));
            return n == null || !n.isObject() ? new YAMLMapper().createObjectNode() : n;
        } catch (IOException e) {
            throw new IOException(file + ": not readable YAML (" + e.getMessage().lines().findFirst().orElse("") + ")", e);
        }
    }

    private static List<Path> writePlots(Path dir, List<LineChart> charts) throws IOException {
        List<Path> out = new ArrayList<>();
        // plots/ holds the report's charts only: drop those of an earlier layout so that none goes stale
        if (Files.isDirectory(dir))
            try (Stream<Path> old = Files.list(dir)) {
                for (Path p : old.toList()) {
                    String name = p.getFileName().toString();
                    if (Files.isRegularFile(p) && (name.endsWith(".png") || name.endsWith(".svg"))) Files.delete(p);
                }
            }
        for (LineChart c : charts) {
            Path png = dir.resolve(c.id() + ".png"), svg = dir.resolve(c.id() + ".svg");
            byte[] bytes = ChartRenderer.png(c);
            AtomicFiles.write(png, o -> o.write(bytes));
            AtomicFiles.writeString(svg, ChartRenderer.svg(c));
            out.add(png);
            out.add(svg);
        }
        return out;
    }

    // ---- several runs ---------------------------------------------------------------------

    private static Result multi(Path dir, List<Path> runDirs) throws IOException {
        List<Summary> summaries = new ArrayList<>();
        Map<String, List<List<MetricsRow>>> byArm = new LinkedHashMap<>();
        List<String[]> links = new ArrayList<>();
        for (Path p : runDirs) {
            Result r = single(new RunDirectory(p));
            Summary s = r.runs().getFirst();
            summaries.add(s);
            byArm.computeIfAbsent(s.arm(), k -> new ArrayList<>()).add(MetricsLog.read(p.resolve(RunDirectory.METRICS)));
            String rel = dir.relativize(r.report()).toString().replace('\\', '/');
            links.add(new String[] {rel, dir.relativize(p) + " (" + s.arm() + (s.seed().isPresent() ? ", seed " + s.seed().getAsLong() : "") + ")"});
        }
        ResultsTable table = ResultsTable.of(summaries);
        Map<String, List<MetricsRow>> means = new LinkedHashMap<>();
        byArm.forEach((arm, runs) -> means.put(byArm.size() == 1 ? "" : arm, MetricGroups.mean(runs)));
        List<LineChart> charts = MetricGroups.charts(means);
        List<Path> plots = writePlots(dir.resolve(RunDirectory.PLOTS), charts);
        AtomicFiles.writeString(dir.resolve(RunDirectory.RESULTS_JSON), JsonLines.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(table.toJson()) + "\n");
        AtomicFiles.writeString(dir.resolve(RunDirectory.RESULTS_TEXT), table.toText());
        List<String> warnings = new ArrayList<>();
        for (Summary s : summaries) for (String w : s.warnings()) warnings.add(s.run() + ": " + w);
        String head = "<p>" + summaries.size() + " runs in " + byArm.size() + (byArm.size() == 1 ? " arm" : " arms")
                + "; curves are the mean over each arm's seeds.</p>\n";
        Path report = dir.resolve(RunDirectory.REPORT);
        AtomicFiles.writeString(report, page(dir.toAbsolutePath().normalize().getFileName() + " — " + summaries.size() + " runs", head, warnings, charts, table, "", links, ""));
        return new Result(report, plots, table, summaries);
    }

    // ---- HTML ---------------------------------------------------------------------------

    private static String title(JsonNode config, String fallback) {
        String name = config.path("name").asText("");
        return name.isEmpty() ? fallback : name;
    }

    private static String header(JsonNode config, Summary s) {
        StringBuilder sb = new StringBuilder("<dl class=\"facts\">\n");
        fact(sb, "paper", config.path("paper").asText(""));
        fact(sb, "claim", config.path("claim").asText(""));
        fact(sb, "method", config.path("method").path("name").asText("") + (config.path("method").has("label_free")
                ? (config.path("method").path("label_free").asBoolean() ? " (label-free)" : " (supervised)") : ""));
        fact(sb, "task", config.path("task").path("name").asText(""));
        fact(sb, "seed", s.seed().isPresent() ? Long.toString(s.seed().getAsLong()) : "");
        fact(sb, "steps logged", s.rows() + (s.lastStep() >= 0 ? " (last step " + s.lastStep() + ")" : ""));
        fact(sb, "wall time", s.rows() > 1 ? Progress.duration(s.wallSeconds()) : "");
        return sb.append("</dl>\n").toString();
    }

    private static void fact(StringBuilder sb, String name, String value) {
        if (value.isBlank()) return;
        sb.append("<dt>").append(Html.escape(name)).append("</dt><dd>").append(Html.escape(value)).append("</dd>\n");
    }

    private static String samples(List<Completion> completions) {
        if (completions.isEmpty()) return "";
        List<Long> steps = completions.stream().map(Completion::step).distinct().sorted().toList();
        List<Long> shown = steps.subList(Math.max(0, steps.size() - SAMPLE_STEPS), steps.size());
        StringBuilder sb = new StringBuilder("<h2>Sample completions</h2>\n<table class=\"samples\">\n<thead><tr><th>step</th><th>group</th><th>#</th>"
                + "<th>prompt</th><th>completion</th><th>answer</th><th>reward</th><th>advantage</th></tr></thead>\n<tbody>\n");
        for (long step : shown) {
            int n = 0;
            for (Completion c : completions) {
                if (c.step() != step || n++ >= SAMPLES_PER_STEP) continue;
                sb.append("<tr><td>").append(c.step()).append("</td><td>").append(c.group()).append("</td><td>").append(c.sample())
                        .append("</td><td><pre>").append(Html.escape(c.prompt())).append("</pre></td><td><pre>").append(Html.escape(c.completion()))
                        .append("</pre></td><td><pre>").append(Html.escape(c.answer())).append("</pre></td><td title=\"")
                        .append(Html.escape(c.rewards().toString())).append("\">").append(Stat.num(c.reward())).append("</td><td>")
                        .append(Stat.num(c.advantage())).append("</td></tr>\n");
            }
        }
        return sb.append("</tbody>\n</table>\n").toString();
    }

    private static final String CSS = """
            body{font-family:"DejaVu Sans",Helvetica,Arial,sans-serif;margin:24px auto;max-width:1100px;color:#222;padding:0 16px}
            h1{font-size:24px;margin-bottom:4px}h2{font-size:18px;margin-top:28px;border-bottom:1px solid #ddd;padding-bottom:4px}h3{font-size:15px;margin:18px 0 8px}
            dl.facts{display:grid;grid-template-columns:max-content auto;gap:2px 14px}dl.facts dt{font-weight:bold}dl.facts dd{margin:0}
            .charts{display:flex;flex-wrap:wrap;gap:12px}.charts figure{margin:0;border:1px solid #e4e4e4;box-sizing:border-box;flex:0 1 calc(50% - 6px);min-width:420px}.charts svg{width:100%;height:auto;display:block}
            table{border-collapse:collapse;margin:8px 0}th,td{border:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top;font-size:13px}
            th{background:#f4f4f4}td.key{font-family:"DejaVu Sans Mono",Menlo,monospace}.n{font-weight:normal;color:#666}
            table.samples pre{margin:0;white-space:pre-wrap;word-break:break-all;max-width:520px;font-size:12px}
            pre.config{background:#f8f8f8;border:1px solid #e4e4e4;padding:8px;font-size:12px;overflow:auto}
            ul.warnings li{color:#8a4b00}footer{margin-top:32px;color:#777;font-size:12px}
            """;

    private static String page(String title, String header, List<String> warnings, List<LineChart> charts, ResultsTable table, String samples,
                               List<String[]> links, String config) {
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>").append(Html.escape(title))
                .append("</title>\n<style>\n").append(CSS).append("</style>\n</head>\n<body>\n<h1>").append(Html.escape(title)).append("</h1>\n")
                .append(header);
        if (!warnings.isEmpty()) {
            sb.append("<h2>Warnings</h2>\n<ul class=\"warnings\">\n");
            for (String w : warnings) sb.append("<li>").append(Html.escape(w)).append("</li>\n");
            sb.append("</ul>\n");
        }
        sb.append("<h2>Curves</h2>\n");
        if (charts.isEmpty()) sb.append("<p>No reward, accuracy, KL, entropy or length metrics were logged.</p>\n");
        else {
            // one heading and grid per chart family, so that a split family's charts stay together
            String section = null;
            for (LineChart c : charts) {
                String family = MetricGroups.groupOf(c).map(MetricGroups.Group::title).orElse(c.title());
                if (!family.equals(section)) {
                    if (section != null) sb.append("</div>\n");
                    sb.append("<h3>").append(Html.escape(family)).append("</h3>\n<div class=\"charts\">\n");
                    section = family;
                }
                sb.append("<figure id=\"chart-").append(Html.escape(c.id())).append("\">\n").append(ChartRenderer.svg(c)).append("</figure>\n");
            }
            sb.append("</div>\n");
        }
        sb.append("<h2>Final metrics</h2>\n").append(table.toHtml())
                .append("<p>mean ± std [95% confidence interval, Student t] over seeds; the last logged value of each run.</p>\n");
        if (!links.isEmpty()) {
            sb.append("<h2>Runs</h2>\n<ul>\n");
            for (String[] l : links) sb.append("<li><a href=\"").append(Html.escape(l[0])).append("\">").append(Html.escape(l[1])).append("</a></li>\n");
            sb.append("</ul>\n");
        }
        sb.append(samples);
        if (!config.isEmpty()) sb.append("<h2>Resolved recipe</h2>\n<pre class=\"config\">").append(Html.escape(config)).append("</pre>\n");
        sb.append("<footer>Written by autodidact report on ").append(java.time.LocalDate.now(java.time.ZoneOffset.UTC).format(
                java.time.format.DateTimeFormatter.ISO_LOCAL_DATE.withLocale(Locale.ROOT))).append(".</footer>\n</body>\n</html>\n");
        return sb.toString();
    }
}
