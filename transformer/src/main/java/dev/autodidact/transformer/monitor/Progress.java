package dev.autodidact.transformer.monitor;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

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

    /** The metrics an RL run shows live: the mean reward and each evaluation's pass@1. */
    Predicate<String> REWARD_AND_PASS_AT_1 = k -> k.equals("reward/mean") || (k.startsWith("eval/") && k.endsWith("/pass@1"));

    /** The right progress for this process's standard output, showing {@link #REWARD_AND_PASS_AT_1}. */
    static Progress console() {
        return console(REWARD_AND_PASS_AT_1);
    }

    /** The right progress for this process's standard output, showing the latest value of each metric {@code shown} accepts. */
    static Progress console(Predicate<String> shown) {
        java.io.Console c = System.console();
        return choose(c != null && c.isTerminal(), System.getenv(), System.out, System::nanoTime, shown);
    }

    static Progress choose(boolean terminal, Map<String, String> env, PrintStream out, LongSupplier nanoClock) {
        return choose(terminal, env, out, nanoClock, REWARD_AND_PASS_AT_1);
    }

    /**
     * A bar when {@code terminal} and the environment is not CI ({@code CI} set) or a dumb
     * terminal ({@code TERM=dumb}), plain lines otherwise.
     */
    static Progress choose(boolean terminal, Map<String, String> env, PrintStream out, LongSupplier nanoClock, Predicate<String> shown) {
        boolean ci = env.containsKey("CI") && !env.get("CI").equalsIgnoreCase("false");
        boolean dumb = "dumb".equals(env.get("TERM"));
        return terminal && !ci && !dumb ? new TerminalProgress(out, nanoClock, columns(env), shown) : new PlainProgress(out, nanoClock, shown);
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

    /** A metric for people: 4 decimals, or 3 significant digits in scientific notation when very small or large. */
    static String number(double v) {
        if (Double.isNaN(v)) return "NaN";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        double a = Math.abs(v);
        if (a != 0 && (a < 1e-3 || a >= 1e5)) return String.format(Locale.ROOT, "%.3e", v);
        return String.format(Locale.ROOT, "%.4f", v);
    }

    static String duration(double seconds) {
        long s = Math.round(Math.max(0, seconds));
        if (s >= 3600) return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
        if (s >= 60) return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        return s + "s";
    }

    /** The live metrics, as "  name value" each. */
    static String live(Map<String, Double> latest) {
        StringBuilder sb = new StringBuilder();
        for (var e : latest.entrySet()) sb.append("  ").append(e.getKey()).append(' ').append(number(e.getValue()));
        return sb.toString();
    }

    /** Updates {@code latest} with the {@code shown} keys of {@code metrics}. */
    static void remember(Map<String, Double> latest, Map<String, Double> metrics, Predicate<String> shown) {
        for (var e : metrics.entrySet()) if (shown.test(e.getKey())) latest.put(e.getKey(), e.getValue());
    }
}
