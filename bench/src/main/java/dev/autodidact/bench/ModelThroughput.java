package dev.autodidact.bench;

import dev.autodidact.autograd.Var;
import dev.autodidact.autograd.optim.AdamW;
import dev.autodidact.autograd.optim.ParamGroup;
import dev.autodidact.autograd.optim.Schedule;
import dev.autodidact.tensor.Arena;
import dev.autodidact.tensor.IntTensor;
import dev.autodidact.tensor.Parallel;
import dev.autodidact.tensor.random.Rng;
import dev.autodidact.transformer.ModelConfig;
import dev.autodidact.transformer.Transformer;
import dev.autodidact.transformer.infer.Sample;
import dev.autodidact.transformer.infer.Sampler;
import dev.autodidact.transformer.infer.SamplingConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Training and sampling throughput of the transformer, measured as
 * {@code ../shared/bench-ref/tinygpt_torch.py} measures PyTorch: training = forward + backward +
 * AdamW on a batch of B × ctx tokens (B = 32, 16, 8 for S, M, L), median of 20 steps after 5
 * warm-up steps; sampling = 64 sequences from a 1-token prompt, 64 new tokens each (fewer when
 * the context ends first: S has ctx 64, so 63), multinomial at T = 1, median of 5 runs (3
 * without the cache). One JSON line per measurement on standard output:
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp ... dev.autodidact.bench.ModelThroughput train S 2
 * java --add-modules jdk.incubator.vector -cp ... dev.autodidact.bench.ModelThroughput sample M 2 [--no-cache]
 * {"name":"train","preset":"S","threads":2,"batch":32,"kv_cache":false,"tokens_per_s":...,"peak_rss_mb":...}
 * </pre>
 *
 * Run one measurement per JVM (peak RSS is per process); {@code bench/model-throughput.sh} runs the set.
 */
public final class ModelThroughput {
    private ModelThroughput() {}

    public static void main(String[] args) {
        if (args.length < 3) {
            System.err.println("usage: ModelThroughput train|sample S|M|L THREADS [--no-cache] [--steps N] [--runs N] [--batch N] [--new N]");
            System.exit(2);
        }
        String mode = args[0], preset = args[1].toUpperCase(Locale.ROOT);
        int threads = Integer.parseInt(args[2]);
        boolean cache = true;
        int steps = 20, runs = -1, batch = -1, fresh = 64;
        for (int i = 3; i < args.length; i++) {
            switch (args[i]) {
                case "--no-cache" -> cache = false;
                case "--steps" -> steps = Integer.parseInt(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--batch" -> batch = Integer.parseInt(args[++i]);
                case "--new" -> fresh = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("ModelThroughput: unknown option '" + args[i] + "'");
            }
        }
        Parallel.setThreads(threads);
        ModelConfig c = ModelConfig.preset(preset);
        String line = switch (mode) {
            case "train" -> train(c, preset, threads, batch > 0 ? batch : defaultBatch(preset), steps);
            case "sample" -> sample(c, preset, threads, batch > 0 ? batch : 64, fresh, cache, runs > 0 ? runs : cache ? 5 : 3);
            default -> throw new IllegalArgumentException("ModelThroughput: mode must be train or sample, got '" + mode + "'");
        };
        System.out.println(line);
    }

    private static int defaultBatch(String preset) {
        return switch (preset) {
            case "S" -> 32;
            case "M" -> 16;
            default -> 8;
        };
    }

    /** Tokens/s of forward + backward + AdamW over B × ctx tokens; median over {@code steps} after 5 warm-up steps. */
    static String train(ModelConfig c, String preset, int threads, int b, int steps) {
        Transformer m = new Transformer(c, 0);
        int t = c.contextLength(), v = c.vocabSize();
        AdamW opt = new AdamW(ParamGroup.byDecay(m.namedParameters(), 1e-3, 0.1), 0.9, 0.95, 1e-8, Schedule.constant());
        Rng rng = Rng.of(1);
        Arena arena = new Arena();
        double[] tps = new double[steps];
        float first = 0, last = 0;
        for (int s = 0; s < 5 + steps; s++) {
            // The reference's learnable toy task: arithmetic progressions mod V.
            int[] x = new int[b * t], y = new int[b * t];
            for (int r = 0; r < b; r++) {
                int start = rng.nextInt(v), step = 1 + rng.nextInt(4);
                for (int j = 0; j < t; j++) {
                    x[r * t + j] = (start + step * j) % v;
                    y[r * t + j] = (start + step * (j + 1)) % v;
                }
            }
            long t0 = System.nanoTime();
            float loss;
            try (var scope = arena.enter()) {
                opt.zeroGrad();
                Var l = m.loss(IntTensor.of(x, b, t), null, IntTensor.of(y, b, t), null);
                l.backward();
                opt.step();
                loss = l.item();
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            if (s == 0) first = loss;
            last = loss;
            if (s >= 5) tps[s - 5] = b * t / secs;
        }
        return json("train", preset, threads, b, false, median(tps), String.format(Locale.ROOT, ",\"loss_first\":%.3f,\"loss_last\":%.3f", first, last));
    }

    /** New tokens/s of 64 sequences sampled together; median of {@code runs} after one short warm-up. */
    static String sample(ModelConfig c, String preset, int threads, int b, int fresh, boolean cache, int runs) {
        Transformer m = new Transformer(c, 0);
        Rng rng = Rng.of(2);
        List<int[]> prompts = new ArrayList<>();
        for (int i = 0; i < b; i++) prompts.add(new int[] {rng.nextInt(c.vocabSize())});
        Sampler sampler = new Sampler(m);
        SamplingConfig cfg = SamplingConfig.builder().temperature(1f).maxNewTokens(fresh).useCache(cache).build();
        sampler.sample(prompts, cfg.toBuilder().maxNewTokens(4).build());
        double[] tps = new double[runs];
        for (int r = 0; r < runs; r++) {
            long t0 = System.nanoTime();
            List<Sample> out = sampler.sample(prompts, cfg.toBuilder().seed(r).build());
            double secs = (System.nanoTime() - t0) / 1e9;
            long tokens = 0;
            for (Sample s : out) tokens += s.tokens().length;
            tps[r] = tokens / secs;
        }
        return json("sample", preset, threads, b, cache, median(tps), String.format(Locale.ROOT, ",\"new_tokens_per_sequence\":%d", Math.min(fresh, c.contextLength() - 1)));
    }

    private static String json(String name, String preset, int threads, int batch, boolean cache, double tps, String extra) {
        return String.format(Locale.ROOT, "{\"name\":\"%s\",\"preset\":\"%s\",\"threads\":%d,\"batch\":%d,\"kv_cache\":%b,\"tokens_per_s\":%.0f,\"peak_rss_mb\":%.0f%s}",
                name, preset, threads, batch, cache, tps, peakRssMb(), extra);
    }

    private static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** VmHWM of /proc/self/status (Linux); -1 elsewhere. */
    static double peakRssMb() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith("VmHWM:")) return Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024.0;
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
