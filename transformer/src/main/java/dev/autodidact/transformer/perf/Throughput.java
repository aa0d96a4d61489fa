package dev.autodidact.transformer.perf;

import dev.autodidact.autograd.DataParallel;
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

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Training and sampling throughput of the transformer, measured as
 * {@code shared/bench-ref/tinygpt_torch.py} measures PyTorch. Training = forward + backward +
 * AdamW (β 0.9/0.95, decay 0.1 on matrices and embeddings) on B × ctx tokens of the reference's
 * toy task (arithmetic progressions mod V), median over the measured steps after the warm-up
 * steps, each step inside one {@link Arena} scope. Sampling = B sequences from a 1-token prompt,
 * up to {@code newTokens} new tokens each (fewer when the context ends first), multinomial at
 * T = 1, median over the runs after one short warm-up run.
 *
 * <p>Peak RSS is per process, so {@link #measure} is meant to be called once per JVM;
 * {@link Main} is that JVM's entry point.
 */
public final class Throughput {
    private Throughput() {}

    /**
     * What to run: steps/warm-up for training, runs/new tokens for sampling; batch -1 = the
     * preset's default. {@code warmRuns}: full-length sampling runs before the measured ones, on
     * top of the reference's one short (4-token) warm-up; 0 is the reference's protocol, more
     * lets the JIT finish compiling the decode path (a steady-state figure, reported as such).
     */
    public record Settings(int batch, int steps, int warmup, int runs, int newTokens, int warmRuns) {
        /** The reference's settings: 20 steps after 5 warm-up; 5 sampling runs (3 without the cache) of 64 new tokens. */
        public static Settings standard() {
            return new Settings(-1, 20, 5, -1, 64, 0);
        }

        /** A shorter run for a first look: 6 steps after 2 warm-up, 2 sampling runs. */
        public static Settings quick() {
            return new Settings(-1, 6, 2, 2, 64, 0);
        }

        public Settings {
            if (steps < 1 || warmup < 0 || newTokens < 1 || batch == 0 || batch < -1 || runs == 0 || runs < -1 || warmRuns < 0) {
                throw new IllegalArgumentException("Throughput.Settings: need steps >= 1, warmup >= 0, newTokens >= 1, batch and runs >= 1 or -1 (default), warmRuns >= 0; got "
                        + steps + ", " + warmup + ", " + newTokens + ", " + batch + ", " + runs + ", " + warmRuns);
            }
        }
    }

    /**
     * Parts of the training batch run at once ({@link DataParallel}), as the trainers do: fixed,
     * so the numbers do not depend on the thread count.
     */
    public static final int TRAIN_PARTS = 2;

    /** The reference's training batch: 32, 16, 8 sequences for S, M, L. */
    public static int defaultTrainBatch(String preset) {
        return switch (preset) {
            case "S" -> 32;
            case "M" -> 16;
            default -> 8;
        };
    }

    /** One measurement: {@code mode} is train or sample; the thread count is set for the whole JVM. */
    public static Measurement measure(String mode, String preset, int threads, boolean kvCache, Settings s) {
        Parallel.setThreads(threads);
        ModelConfig c = ModelConfig.preset(preset);
        return switch (mode) {
            case "train" -> train(c, preset, threads, s.batch() > 0 ? s.batch() : defaultTrainBatch(preset), s.steps(), s.warmup());
            case "sample" -> sample(c, preset, threads, s.batch() > 0 ? s.batch() : 64, s.newTokens(), kvCache,
                    s.runs() > 0 ? s.runs() : kvCache ? 5 : 3, s.warmRuns());
            default -> throw new IllegalArgumentException("Throughput: mode must be train or sample, got '" + mode + "'");
        };
    }

    /** Tokens/s of forward + backward + AdamW over b × ctx tokens; median over {@code steps} after {@code warmup}. */
    public static Measurement train(ModelConfig c, String preset, int threads, int b, int steps, int warmup) {
        Transformer m = new Transformer(c, 0);
        int t = c.contextLength(), v = c.vocabSize();
        AdamW opt = new AdamW(ParamGroup.byDecay(m.namedParameters(), 1e-3, 0.1), 0.9, 0.95, 1e-8, Schedule.constant());
        Rng rng = Rng.of(1);
        Arena arena = new Arena();
        DataParallel dp = new DataParallel(TRAIN_PARTS);
        double[] tps = new double[steps];
        float first = 0, last = 0;
        long cpu0 = processCpuNanos(), wall0 = System.nanoTime();
        for (int s = 0; s < warmup + steps; s++) {
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
                float[] parts = dp.step(p -> {
                    int r0 = Parallel.chunkStart(b, dp.parts(), p), r1 = Parallel.chunkStart(b, dp.parts(), p + 1), n = r1 - r0;
                    IntTensor xs = IntTensor.of(Arrays.copyOfRange(x, r0 * t, r1 * t), n, t), ys = IntTensor.of(Arrays.copyOfRange(y, r0 * t, r1 * t), n, t);
                    return m.loss(xs, null, ys, null).mul(n / (float) b);   // part mean × its share: the parts add up to the batch mean
                });
                opt.step();
                loss = 0;
                for (float l : parts) loss += l;
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            if (s == 0) first = loss;
            last = loss;
            if (s >= warmup) tps[s - warmup] = b * t / secs;
        }
        // As the reference computes it: process CPU time over wall time × threads, for the whole
        // loop. On a loaded machine it says how much of the cores the run actually got.
        double cpuUtil = (processCpuNanos() - cpu0) / ((double) (System.nanoTime() - wall0) * threads);
        return new Measurement("train", preset, threads, b, false, median(tps), PeakRss.mb(),
                String.format(Locale.ROOT, "\"tokens_per_s_min\":%.0f,\"tokens_per_s_max\":%.0f,\"loss_first\":%.3f,\"loss_last\":%.3f,\"cpu_util\":%.2f%s",
                        Arrays.stream(tps).min().orElse(0), Arrays.stream(tps).max().orElse(0), first, last, cpuUtil, PeakRss.loadAverageField()));
    }

    /** New tokens/s of b sequences sampled together; median of {@code runs} after one short warm-up run and {@code warmRuns} full ones. */
    public static Measurement sample(ModelConfig c, String preset, int threads, int b, int fresh, boolean cache, int runs, int warmRuns) {
        Transformer m = new Transformer(c, 0);
        Rng rng = Rng.of(2);
        List<int[]> prompts = new ArrayList<>();
        for (int i = 0; i < b; i++) prompts.add(new int[] {rng.nextInt(c.vocabSize())});
        Sampler sampler = new Sampler(m);
        SamplingConfig cfg = SamplingConfig.builder().temperature(1f).maxNewTokens(fresh).useCache(cache).build();
        sampler.sample(prompts, cfg.toBuilder().maxNewTokens(Math.min(4, fresh)).build());
        for (int w = 0; w < warmRuns; w++) sampler.sample(prompts, cfg.toBuilder().seed(-1 - w).build());
        double[] tps = new double[runs];
        for (int r = 0; r < runs; r++) {
            long t0 = System.nanoTime();
            List<Sample> out = sampler.sample(prompts, cfg.toBuilder().seed(r).build());
            double secs = (System.nanoTime() - t0) / 1e9;
            long tokens = 0;
            for (Sample s : out) tokens += s.tokens().length;
            tps[r] = tokens / secs;
        }
        return new Measurement("sample", preset, threads, b, cache, median(tps), PeakRss.mb(),
                String.format(Locale.ROOT, "\"new_tokens_per_sequence\":%d,\"warm_runs\":%d%s", Math.min(fresh, c.contextLength() - 1), warmRuns, PeakRss.loadAverageField()));
    }

    /** CPU time of this process (all threads, the JIT and GC included), or 0 where unknown. */
    private static long processCpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L);
    }

    static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
