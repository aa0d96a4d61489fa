package dev.autodidact.rl.cli;

import dev.autodidact.rl.experiment.Report;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code autodidact report RUN_DIR}: regenerates plots, summary.json and report.html from a run's logs. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Regenerate plots, summary.json and report.html from a run's logs.", "",
                "Reads RUN_DIR/metrics.jsonl and completions.jsonl and writes PNG and SVG plots (reward, accuracy, KL,",
                "entropy, length), summary.json and a self-contained report.html. Given a directory of runs (seeds, arms),",
                "also aggregates their final metrics (mean ± std, 95% CI over seeds) into results.txt, results.json and a",
                "comparison report."})
final class ReportCommand implements Callable<Integer> {
    @Parameters(paramLabel = "RUN_DIR", description = "a run directory, or a directory of run directories")
    Path dir;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Report.Result r = Report.generate(dir);
        var out = spec.commandLine().getOut();
        out.print(r.table().toText());
        out.println(r.runs().size() == 1 ? "1 run" : r.runs().size() + " runs");
        out.println("plots:  " + r.plots().size() + " files in " + (r.plots().isEmpty() ? "(none: no plottable metrics)" : r.plots().getFirst().getParent()));
        out.println("report: " + r.report());
        out.flush();
        return 0;
    }
}
