package dev.autodidact.rl.cli;

import dev.autodidact.transformer.perf.JvmOptions;
import dev.autodidact.transformer.perf.Throughput;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code autodidact bench}: benchmarks of the engine. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks of the engine.",
        subcommands = {BenchCommand.Engine.class})
final class BenchCommand implements Runnable {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing a benchmark (engine)");
    }

    /**
     * {@code autodidact bench engine}: transformer training and sampling throughput as JSON lines.
     *
     * <p>Peak RSS is a per-process high-water mark, so each measurement runs in a child JVM of its
     * own: the java executable of this process, the class path of this process, the Vector API
     * module and {@link JvmOptions#MEASURE}. {@code --in-process} measures in this JVM instead
     * (faster; every line's peak RSS is then the high-water mark of everything measured so far).
     */
    @Command(name = "engine", mixinStandardHelpOptions = true,
            description = {"Training (forward + backward + AdamW) and sampling (64 sequences, 64 new tokens, with and without "
                    + "the KV cache) throughput of the transformer presets, one JSON line per measurement: name (train|sample), "
                    + "preset, threads, batch, kv_cache, tokens_per_s, peak_rss_mb. The PyTorch reference and the figures it is "
                    + "compared with are in bench/README.md."})
    static final class Engine implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Option(names = "--presets", split = ",", paramLabel = "S,M", description = "model presets (default S,M)")
        List<String> presets = new ArrayList<>(List.of("S", "M"));

        @Option(names = "--threads", split = ",", paramLabel = "1,2", description = "thread counts (default 1,2)")
        List<Integer> threads = new ArrayList<>(List.of(1, 2));

        @Option(names = "--quick", description = "fewer steps and runs, no sampling without the cache")
        boolean quick;

        @Option(names = "--in-process", description = "measure in this JVM instead of one child JVM per measurement")
        boolean inProcess;

        @Option(names = "--steps", paramLabel = "N", description = "measured training steps (default 20, quick 6)")
        Integer steps;

        @Option(names = "--warmup", paramLabel = "N", description = "warm-up training steps (default 5, quick 2)")
        Integer warmup;

        @Option(names = "--runs", paramLabel = "N", description = "sampling runs (default 5 with the cache, 3 without; quick 2)")
        Integer runs;

        @Option(names = "--batch", paramLabel = "N", description = "batch (default: 32/16/8 for S/M/L training, 64 for sampling)")
        Integer batch;

        @Option(names = "--new", paramLabel = "N", description = "new tokens per sampled sequence (default 64)")
        Integer fresh;

        @Option(names = "--warm-runs", paramLabel = "N", description = "full-length sampling runs before the measured ones, for a JIT-warm figure (default 0: the reference's one short warm-up)")
        Integer warmRuns;

        @Override
        public Integer call() throws IOException, InterruptedException {
            Throughput.Settings d = quick ? Throughput.Settings.quick() : Throughput.Settings.standard();
            Throughput.Settings s = new Throughput.Settings(batch != null ? batch : d.batch(), steps != null ? steps : d.steps(),
                    warmup != null ? warmup : d.warmup(), runs != null ? runs : d.runs(), fresh != null ? fresh : d.newTokens(),
                    warmRuns != null ? warmRuns : d.warmRuns());
            for (int t : threads) {
                if (t < 1) throw new IllegalArgumentException("--threads: thread counts must be >= 1, got " + t);
            }
            PrintWriter out = spec.commandLine().getOut();
            for (String raw : presets) {
                String p = raw.trim().toUpperCase(Locale.ROOT);
                if (!List.of("S", "M", "L").contains(p)) throw new IllegalArgumentException("--presets: unknown preset '" + raw + "' (S, M or L)");
                for (int t : threads) {
                    out.println(measure("train", p, t, false, s));
                    out.flush();
                    out.println(measure("sample", p, t, true, s));
                    out.flush();
                    // Without the cache every step recomputes the whole prefix: minutes on L, so S and M only.
                    if (!quick && !p.equals("L")) {
                        out.println(measure("sample", p, t, false, s));
                        out.flush();
                    }
                }
            }
            return 0;
        }

        private String measure(String mode, String preset, int threads, boolean cache, Throughput.Settings s) throws IOException, InterruptedException {
            if (inProcess) return Throughput.measure(mode, preset, threads, cache, s).toJson();
            List<String> cmd = new ArrayList<>();
            cmd.add(ProcessHandle.current().info().command().orElseThrow(
                    () -> new IllegalStateException("bench engine: cannot find this process's java executable (use --in-process)")));
            cmd.add("--add-modules");
            cmd.add("jdk.incubator.vector");
            cmd.addAll(JvmOptions.MEASURE);
            cmd.add("-cp");
            cmd.add(System.getProperty("java.class.path"));
            cmd.add(dev.autodidact.transformer.perf.Main.class.getName());
            cmd.addAll(List.of(mode, preset, Integer.toString(threads)));
            if (!cache) cmd.add("--no-cache");
            cmd.addAll(List.of("--steps", Integer.toString(s.steps()), "--warmup", Integer.toString(s.warmup()),
                    "--runs", Integer.toString(s.runs()), "--batch", Integer.toString(s.batch()), "--new", Integer.toString(s.newTokens()),
                    "--warm-runs", Integer.toString(s.warmRuns())));
            Process child = new ProcessBuilder(cmd).start();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Thread drain = Thread.ofVirtual().start(() -> copy(child.getErrorStream(), err));
            String stdout = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int code = child.waitFor();
            drain.join();
            String line = stdout.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElse(null);
            if (code != 0 || line == null) {
                throw new IllegalStateException("bench engine: the measurement '" + mode + " " + preset + " " + threads
                        + (cache ? "" : " --no-cache") + "' failed (exit " + code + "): " + err.toString(StandardCharsets.UTF_8).strip());
            }
            return line;
        }

        private static void copy(InputStream in, ByteArrayOutputStream to) {
            try {
                in.transferTo(to);
            } catch (IOException e) {
                // The child's error stream closed early; its exit code tells what happened.
            }
        }
    }

}
