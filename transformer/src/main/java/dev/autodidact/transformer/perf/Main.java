package dev.autodidact.transformer.perf;

import java.util.Locale;

/**
 * One measurement per JVM, printed as one JSON line on standard output:
 * {@code java --add-modules jdk.incubator.vector [JvmOptions.MEASURE] -cp ... dev.autodidact.transformer.perf.Main
 * train|sample S|M|L THREADS [--no-cache] [--steps N] [--warmup N] [--runs N] [--batch N] [--new N] [--warm-runs N]}.
 * bench's {@code ModelThroughput} and the {@code autodidact bench engine} command both start it.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        if (args.length < 3) {
            System.err.println("usage: train|sample S|M|L THREADS [--no-cache] [--steps N] [--warmup N] [--runs N] [--batch N] [--new N] [--warm-runs N]");
            System.exit(2);
        }
        System.out.println(run(args).toJson());
    }

    /** Parses the arguments of {@link #main} and measures. */
    public static Measurement run(String[] args) {
        String mode = args[0], preset = args[1].toUpperCase(Locale.ROOT);
        int threads = Integer.parseInt(args[2]);
        boolean cache = true;
        Throughput.Settings d = Throughput.Settings.standard();
        int steps = d.steps(), warmup = d.warmup(), runs = d.runs(), batch = d.batch(), fresh = d.newTokens(), warmRuns = d.warmRuns();
        for (int i = 3; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--no-cache")) {
                cache = false;
                continue;
            }
            if (i + 1 >= args.length) throw new IllegalArgumentException("throughput: option '" + a + "' needs a value");
            int value = Integer.parseInt(args[++i]);
            switch (a) {
                case "--steps" -> steps = value;
                case "--warmup" -> warmup = value;
                case "--runs" -> runs = value;
                case "--batch" -> batch = value;
                case "--new" -> fresh = value;
                case "--warm-runs" -> warmRuns = value;
                default -> throw new IllegalArgumentException("throughput: unknown option '" + a + "'");
            }
        }
        return Throughput.measure(mode, preset, threads, cache, new Throughput.Settings(batch, steps, warmup, runs, fresh, warmRuns));
    }
}
