package dev.autodidact.transformer.monitor;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/** {@link Progress} as plain lines, about twenty per run plus the last step: for pipes, files and CI. */
final class PlainProgress implements Progress {
    private final PrintStream out;
    private final LongSupplier clock;
    private final Map<String, Double> latest = new LinkedHashMap<>();
    private final Predicate<String> shown;
    private long startNanos, doneAtStart, total, every = 1;

    PlainProgress(PrintStream out, LongSupplier clock, Predicate<String> shown) {
        this.shown = shown;
        this.out = out;
        this.clock = clock;
    }

    @Override
    public void start(long doneSteps, long totalSteps) {
        startNanos = clock.getAsLong();
        doneAtStart = doneSteps;
        total = totalSteps;
        every = Math.max(1, (totalSteps - doneSteps) / 20);
        out.println(doneSteps == 0 ? "training " + totalSteps + " steps" : "resuming at step " + doneSteps + " of " + totalSteps);
    }

    @Override
    public void step(long step, Map<String, Double> metrics) {
        Progress.remember(latest, metrics, shown);
        if ((step - doneAtStart) % every != 0 && step != total) return;
        String pct = total > 0 ? String.format(Locale.ROOT, " (%d%%)", 100 * step / total) : "";
        out.println("step " + step + "/" + total + pct + "  eta " + Progress.eta(startNanos, clock.getAsLong(), doneAtStart, step, total) + Progress.live(latest));
    }

    @Override
    public void message(String line) {
        out.println(line);
    }

    @Override
    public void finish() {
        out.println("done in " + Progress.duration((clock.getAsLong() - startNanos) / 1e9));
        out.flush();
    }
}
