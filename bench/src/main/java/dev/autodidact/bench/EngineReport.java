package dev.autodidact.bench;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The engine throughput report: runs the JMH benchmarks of the tensor kernels and prints one
 * JSON object per measurement on standard output (progress goes to standard error), with the
 * OpenBLAS anchor of perf-anchors.md beside each matmul figure.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -jar bench/target/autodidact-bench.jar [--quick] [--only matmul|softmax|layernorm|storage]
 * </pre>
 */
public final class EngineReport {

    /**
     * OpenBLAS 0.3.21 sgemm GF/s at 1 and 2 threads, from shared/reference/perf-anchors.md (2026-11-29). Anchors
     * from another day, possibly another CPU: bench/compare-openblas.sh gives the same-session ratio.
     */
    static final Map<String, double[]> OPENBLAS = Map.of(
            "512x512x512:NN", new double[] {103, 201},
            "1024x1024x1024:NN", new double[] {100, 200},
            "2048x256x1024:NN", new double[] {100, 195},
            "2048x1024x256:NN", new double[] {98, 194},
            "2048x256x256:NN", new double[] {100, 201},
            "256x2048x1024:TN", new double[] {96, 189},
            "64x256x1024:NN", new double[] {82, 175},
            "1x256x1024:NN", new double[] {37, 60});

    private EngineReport() {}

    public static void main(String[] args) throws RunnerException {
        boolean quick = false;
        String only = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--only" -> {
                    if (i + 1 >= args.length) usage("--only needs a value");
                    only = args[++i];
                }
                case "-h", "--help" -> usage(null);
                default -> usage("unknown argument '" + args[i] + "'");
            }
        }
        List<String> includes = new ArrayList<>();
        if (only == null || only.equals("matmul")) includes.add(MatmulBench.class.getName() + "\\.");
        if (only == null || only.equals("softmax")) includes.add(RowOpsBench.class.getName() + "\\.softmax");
        if (only == null || only.equals("layernorm")) includes.add(RowOpsBench.class.getName() + "\\.layernorm");
        if (only != null && only.equals("storage")) includes.add(StorageBench.class.getName() + "\\.");
        if (includes.isEmpty()) usage("--only must be matmul, softmax, layernorm or storage, got '" + only + "'");

        // JMH relays the forked JVMs' own warnings to System.out; send all of that to stderr so
        // standard output carries nothing but the JSON lines.
        java.io.PrintStream json = System.out;
        System.setOut(System.err);
        for (String include : includes) {
            ChainedOptionsBuilder opts = new OptionsBuilder()
                    .include(include)
                    .forks(1)
                    .jvmArgsAppend("--add-modules", "jdk.incubator.vector", "--sun-misc-unsafe-memory-access=allow")
                    .warmupIterations(quick ? 2 : 3)
                    .warmupTime(TimeValue.milliseconds(quick ? 700 : 1000))
                    .measurementIterations(quick ? 2 : 5)
                    .measurementTime(TimeValue.milliseconds(quick ? 500 : 1000))
                    .verbosity(VerboseMode.SILENT);
            System.err.println("running " + include.replace("\\.", "."));
            for (RunResult r : new Runner(opts.build()).run()) {
                json.println(jsonLine(r));
                json.flush();
            }
        }
    }

    static String jsonLine(RunResult r) {
        var params = r.getParams();
        String bench = params.getBenchmark();
        String method = bench.substring(bench.lastIndexOf('.') + 1);
        double opsPerS = r.getPrimaryResult().getScore();
        double err = r.getPrimaryResult().getScoreError();
        String t = params.getParam("threads");
        int threads = t == null ? 1 : Integer.parseInt(t);
        if (bench.contains("MatmulBench")) {
            String shape = params.getParam("shape");
            double gflops = opsPerS * MatmulBench.flops(shape) / 1e9;
            double[] anchor = OPENBLAS.get(shape);
            String ratio = anchor == null ? "" : String.format(Locale.ROOT, ",\"anchor_openblas_gflops\":%.0f,\"ratio_vs_anchor\":%.2f",
                    anchor[threads - 1], gflops / anchor[threads - 1]);
            return String.format(Locale.ROOT, "{\"name\":\"matmul\",\"shape\":\"%s\",\"threads\":%d,\"gflops\":%.1f,\"gflops_error\":%s%s}",
                    shape, threads, gflops, number(err * MatmulBench.flops(shape) / 1e9), ratio);
        }
        if (bench.contains("RowOpsBench")) {
            String shape = params.getParam("shape");
            double gbs = opsPerS * RowOpsBench.bytes(shape) / 1e9;
            return String.format(Locale.ROOT, "{\"name\":\"%s\",\"shape\":\"%s\",\"threads\":%d,\"gb_per_s\":%.2f,\"gb_per_s_error\":%s}",
                    method, shape, threads, gbs, number(err * RowOpsBench.bytes(shape) / 1e9));
        }
        String n = params.getParam("n");
        double gbs = opsPerS * 3.0 * Long.parseLong(n) * Float.BYTES / 1e9;
        return String.format(Locale.ROOT, "{\"name\":\"storage_%s\",\"shape\":\"%s\",\"threads\":1,\"gb_per_s\":%.2f}", method, n, gbs);
    }

    /** A JSON number, or null when JMH had too few iterations to give an error bound. */
    private static String number(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.2f", v) : "null";
    }

    private static void usage(String problem) {
        if (problem != null) System.err.println("engine report: " + problem);
        System.err.println("usage: java --add-modules jdk.incubator.vector -jar autodidact-bench.jar [--quick] [--only matmul|softmax|layernorm|storage]");
        System.exit(problem == null ? 0 : 2);
    }
}
