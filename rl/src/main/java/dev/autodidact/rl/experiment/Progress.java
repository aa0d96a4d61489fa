package dev.autodidact.rl.experiment;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * What a run shows while it trains: a progress bar with ETA and live reward/accuracy when
 * standard output is a terminal, plain lines otherwise (pipes, files, CI), so logs stay
 * readable.
 */
public interface Progress {

    /** Training runs from {@code doneSteps} (0, or the resumed step) to {@code totalSteps}. */
    void start(long doneSteps, long totalSteps);

    /** Step {@code step} finished with {@code metrics}. */
    void step(long step, Map<String, Double> metrics);

    /** A line to show (a warning, an evaluation), kept in the scrollback above the bar. */
    void message(String line);

    void finish();

    /** The right progress for this process's standard output. */
    static Progress console() {
        java.io.Console c = System.console();
        return choose(c != null && c.isTerminal(), System.getenv(), System.out, System::nanoTime);
    }

    /**
     * A bar when {@code terminal} and the environment is not CI ({@code CI} set) or a dumb
     * terminal ({@code TERM=dumb}), plain lines otherwise.
     */
    static Progress choose(boolean terminal, Map<String, String> env, PrintStream out, LongSupplier nanoClock) {
        boolean ci = env.containsKey("CI") && !env.get("CI").equalsIgnoreCase("false");
        boolean dumb = "dumb".equals(env.get("TERM"));
        return terminal && !ci && !dumb ? new TerminalProgress(out, nanoClock, columns(env)) : new PlainProgress(out, nanoClock);
    }

    /** The terminal width from {@code COLUMNS} (shells export it to child processes only sometimes), else 120. */
    private static int columns(Map<String, String> env) {
        try {
            return Integer.parseInt(env.getOrDefault("COLUMNS", "120").strip());
        } catch (NumberFormatException e) {
            return 120;
        }
    }

    /** Shows nothing. */
    static Progress silent() {
        return new Progress() {
            @Override
            public void start(long doneSteps, long totalSteps) {}

            @Override
            public void step(long step, Map<String, Double> metrics) {}

            @Override
            public void message(String line) {}

            @Override
            public void finish() {}
        };
    }

    /** Remaining time from the pace since start, as {@code 1h02m}, {@code 3m12s} or {@code 42s}; "?" before the first step. */
    static String eta(long startNanos, long nowNanos, long doneAtStart, long done, long total) {
        long stepsSince = done - doneAtStart;
        if (stepsSince <= 0) return "?";
        double perStep = (nowNanos - startNanos) / 1e9 / stepsSince;
        return duration(perStep * (total - done));
    }

    static String duration(double seconds) {
        long s = Math.round(Math.max(0, seconds));
        if (s >= 3600) return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
        if (s >= 60) return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        return s + "s";
    }

    /** The live metrics shown: the reward and the latest evaluation accuracy (pass@1), when logged. */
    static String live(Map<String, Double> latest) {
        StringBuilder sb = new StringBuilder();
        for (var e : latest.entrySet()) sb.append("  ").append(e.getKey()).append(' ').append(Stat.num(e.getValue()));
        return sb.toString();
    }

    /** Updates {@code latest} with the shown keys of {@code metrics}. */
    static void remember(Map<String, Double> latest, Map<String, Double> metrics) {
        for (var e : metrics.entrySet()) {
            String k = e.getKey();
            if (k.equals("reward/mean") || (k.startsWith("eval/") && k.endsWith("/pass@1"))) latest.put(k, e.getValue());
        }
    }
}
