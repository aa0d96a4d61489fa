package dev.autodidact.transformer.sft;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar redrawn in place on a terminal; elsewhere (logs, CI) a plain line
 * every {@code plainEvery} updates, so files do not fill with carriage returns.
 */
public final class ProgressBar {
    private final PrintStream out;
    private final long total;
    private final boolean terminal;
    private final int plainEvery;
    private final long start = System.nanoTime();
    private long last = -1;

    public ProgressBar(PrintStream out, long total, boolean terminal, int plainEvery) {
        this.out = out;
        this.total = total;
        this.terminal = terminal;
        this.plainEvery = Math.max(1, plainEvery);
    }

    /** On stderr; a terminal when the JVM has a console. */
    public static ProgressBar onStderr(long total, int plainEvery) {
        return new ProgressBar(System.err, total, System.console() != null, plainEvery);
    }

    public void update(long done, String status) {
        double secs = (System.nanoTime() - start) / 1e9;
        if (terminal) {
            int width = 30, filled = (int) (width * Math.min(1.0, done / (double) Math.max(1, total)));
            out.print(String.format(Locale.ROOT, "\r[%s%s] %d/%d %.0fs %s", "#".repeat(filled), ".".repeat(width - filled), done, total, secs, status));
            if (done >= total) out.println();
            out.flush();
        } else if (done % plainEvery == 0 || done >= total) {
            if (done == last) return;
            out.println(String.format(Locale.ROOT, "%d/%d %.0fs %s", done, total, secs, status));
        }
        last = done;
    }
}
