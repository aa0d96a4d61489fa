package dev.autodidact.transformer.monitor;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/** {@link Progress} as one redrawn line: {@code [#####-----] 120/200 60% eta 1m10s reward/mean 0.41 ...}. */
final class TerminalProgress implements Progress {
    private static final int BAR = 28;
    private static final String CLEAR = "\r\033[K";
    private final PrintStream out;
    private final LongSupplier clock;
    private final Map<String, Double> latest = new LinkedHashMap<>();
    private final Predicate<String> shown;
    private final int width;
    private long startNanos, doneAtStart, total, done;

    /** @param width the terminal's columns: the bar line is cut to fit, since a wrapped line cannot be redrawn in place */
    TerminalProgress(PrintStream out, LongSupplier clock, int width, Predicate<String> shown) {
        this.shown = shown;
        this.out = out;
        this.clock = clock;
        this.width = Math.max(20, width);
    }

    @Override
    public void start(long doneSteps, long totalSteps) {
        startNanos = clock.getAsLong();
        doneAtStart = doneSteps;
        done = doneSteps;
        total = totalSteps;
        draw();
    }

    @Override
    public void step(long step, Map<String, Double> metrics) {
        Progress.remember(latest, metrics, shown);
        done = step;
        draw();
    }

    @Override
    public void message(String line) {
        out.print(CLEAR);
        out.println(line);
        draw();
    }

    @Override
    public void finish() {
        out.print(CLEAR);
        out.println("done " + done + "/" + total + " steps in " + Progress.duration((clock.getAsLong() - startNanos) / 1e9) + Progress.live(latest));
        out.flush();
    }

    private void draw() {
        int filled = total > 0 ? (int) (BAR * done / total) : 0;
        String bar = "#".repeat(filled) + "-".repeat(BAR - filled);
        String pct = total > 0 ? String.format(Locale.ROOT, "%3d%%", 100 * done / total) : "";
        String line = "[" + bar + "] " + done + "/" + total + " " + pct + "  eta " + Progress.eta(startNanos, clock.getAsLong(), doneAtStart, done, total)
                + Progress.live(latest);
        out.print(CLEAR + (line.length() < width ? line : line.substring(0, width - 1)));
        out.flush();
    }
}
