package dev.autodidact.rl.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.autodidact.rl.math.SplitMix64;
import dev.autodidact.rl.task.Problem;
import dev.autodidact.rl.task.Split;
import dev.autodidact.rl.task.Task;
import dev.autodidact.tokenizer.CharTokenizer;
import dev.autodidact.transformer.ModelConfig;
import dev.autodidact.transformer.Transformer;
import dev.autodidact.transformer.checkpoint.Checkpoint;
import dev.autodidact.transformer.monitor.Progress;
import dev.autodidact.transformer.sft.CheckpointSink;
import dev.autodidact.transformer.sft.Example;
import dev.autodidact.transformer.sft.ExampleSource;
import dev.autodidact.transformer.sft.SftConfig;
import dev.autodidact.transformer.sft.SftTrainer;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The noisy-teacher SFT base policy of algorithms-text §C.4: a model trained from scratch by
 * next-token cross-entropy on noisy-teacher traces ({@code Task.noisyTrace}, each step wrong with
 * probability eps_step, carried forward consistently), so that its majority vote is right more
 * often than a single sample, the regime label-free methods need. Bases are cached under
 * {@code BASES/<hash>/} (a checkpoint, its {@code base.json} configuration and {@code stats.json}
 * statistics), keyed by a hash of the configuration, so every recipe and arm asking for the same
 * base shares one training.
 *
 * <p>A recipe names it as {@code model.base: noisy-teacher}, optionally with settings:
 * {@code noisy-teacher:size=s,eps=0.12,steps=1500,batch=32,lr=0.002,seed=0}.
 */
public final class BasePolicy {
    public static final String PREFIX = "noisy-teacher";

    private BasePolicy() {}

    /**
     * @param size    {@code s} (preset S: C 128, 4 layers, 4 heads) or {@code tiny} (C 32, 1 layer, 2 heads; for tests)
     * @param epsStep per-step corruption probability of the teacher
     * @param steps   SFT optimizer steps
     */
    public record Spec(String task, String taskVersion, String size, double epsStep, int steps, int batch, double lr, long seed) {
        public Spec {
            if (!size.equals("s") && !size.equals("tiny")) throw new IllegalArgumentException("noisy-teacher base: size must be 's' or 'tiny', got '" + size + "'");
            if (!(epsStep >= 0 && epsStep < 1)) throw new IllegalArgumentException("noisy-teacher base: eps must be in [0, 1), got " + epsStep);
            if (steps < 1 || batch < 1 || !(lr > 0)) throw new IllegalArgumentException("noisy-teacher base: steps, batch and lr must be positive");
        }

        /** The canonical text the cache key hashes. */
        public String canonical() {
            return String.format(Locale.ROOT, "noisy-teacher task=%s version=%s size=%s eps=%s steps=%d batch=%d lr=%s seed=%d",
                    task, taskVersion, size, epsStep, steps, batch, lr, seed);
        }

        public String hash() {
            return String.format("%016x", SplitMix64.hash(canonical()));
        }

        ModelConfig modelConfig(int vocabSize) {
            return size.equals("s") ? ModelConfig.presetS().withVocabSize(vocabSize) : ModelConfig.gpt2Style(vocabSize, 32, 1, 2, 64);
        }
    }

    /** Whether a recipe's {@code model.base} names a noisy-teacher base rather than a checkpoint directory. */
    public static boolean isNoisyTeacher(String base) {
        return base.equals(PREFIX) || base.startsWith(PREFIX + ":");
    }

    /** Reads {@code noisy-teacher[:key=value,...]}; defaults: size s, eps 0.12, 1500 steps, batch 32, lr 2e-3, seed 0. */
    public static Spec parse(String base, Task task) {
        if (!isNoisyTeacher(base)) throw new IllegalArgumentException("'" + base + "' is not a noisy-teacher base (it must start with '" + PREFIX + "')");
        Map<String, String> kv = new LinkedHashMap<>();   // the defaults, in the order error messages list them
        kv.put("size", "s");
        kv.put("eps", "0.12");
        kv.put("steps", "1500");
        kv.put("batch", "32");
        kv.put("lr", "0.002");
        kv.put("seed", "0");
        if (base.length() > PREFIX.length())
            for (String part : base.substring(PREFIX.length() + 1).split(",")) {
                String[] p = part.split("=", 2);
                if (p.length != 2 || !kv.containsKey(p[0].trim()))
                    throw new IllegalArgumentException("noisy-teacher base '" + base + "': '" + part + "' is not key=value with a key among " + kv.keySet());
                kv.put(p[0].trim(), p[1].trim());
            }
        try {
            return new Spec(task.name(), task.config().version() + " in-distribution " + task.config().inDistribution(), kv.get("size"), Double.parseDouble(kv.get("eps")), Integer.parseInt(kv.get("steps")),
                    Integer.parseInt(kv.get("batch")), Double.parseDouble(kv.get("lr")), Long.parseLong(kv.get("seed")));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("noisy-teacher base '" + base + "': " + e.getMessage());
        }
    }

    /** The checkpoint directory of {@code base}: a noisy-teacher base (trained now if not cached) or the given directory. */
    public static Path resolve(String base, Task task, Path bases, PrintStream log) throws IOException {
        if (isNoisyTeacher(base)) return ensure(parse(base, task), task, bases, log);
        Path dir = Path.of(base);
        if (!Files.isRegularFile(dir.resolve(Checkpoint.CONFIG_FILE)))
            throw new IOException("model.base '" + base + "' is neither '" + PREFIX + "[:settings]' nor a checkpoint directory (no " + Checkpoint.CONFIG_FILE + " there)");
        return dir;
    }

    /** The cached base for {@code spec}, training and evaluating it first when it is not there. */
    public static Path ensure(Spec spec, Task task, Path bases, PrintStream log) throws IOException {
        Path dir = bases.resolve(spec.hash());
        Path ckpt = dir.resolve("checkpoint");
        if (Files.isRegularFile(dir.resolve("stats.json")) && Files.isDirectory(ckpt)) return ckpt;
        Files.createDirectories(dir);
        log.println("base: training " + spec.canonical() + " into " + dir);
        CharTokenizer tok = CharTokenizer.forTasks();
        Transformer model = new Transformer(spec.modelConfig(tok.vocabSize()), spec.seed() + 1);
        List<Problem> problems = task.generate(Split.TRAIN, 4096, spec.seed());
        ExampleSource source = ExampleSource.generated(spec.seed(), r -> {
            Problem p = problems.get(r.nextInt(problems.size()));
            return new Example(task.renderPrompt(p.prompt()), task.noisyTrace(p, spec.epsStep(), r.nextLong()).text());
        });
        SftConfig cfg = SftConfig.builder().steps(spec.steps()).batchSize(spec.batch()).lr(spec.lr()).warmup(Math.min(100, spec.steps() / 10))
                .evalEvery(0).logEvery(Math.max(1, spec.steps() / 10)).seed(spec.seed()).build();
        long t0 = System.nanoTime();
        SftTrainer.Result r = new SftTrainer(model, tok, cfg).train(source, List.of(), Optional.empty(), Optional.empty(), CheckpointSink.none(), Progress.silent());
        double seconds = (System.nanoTime() - t0) / 1e9;
        Map<String, Double> stats = new LinkedHashMap<>(PolicyEvaluation.evaluate(model, tok, task, spec.task().toLowerCase(Locale.ROOT), Split.TEST, 100, 8, 8, 64, spec.seed()));
        stats.put("sft/final_loss", r.lastLoss());
        stats.put("sft/seconds", seconds);
        Checkpoint.of(model.config(), model.state(), tok).save(ckpt);
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        Map<String, Object> desc = new LinkedHashMap<>();
        desc.put("canonical", spec.canonical());
        desc.put("spec", spec);
        json.writeValue(dir.resolve("base.json").toFile(), desc);
        Path tmp = dir.resolve("stats.json.tmp");
        json.writeValue(tmp.toFile(), stats);
        Files.move(tmp, dir.resolve("stats.json"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        log.println(String.format(Locale.ROOT, "base: %.0f s, loss %.4f; %s", seconds, r.lastLoss(), statsLine(stats)));
        return ckpt;
    }

    /** The base statistics of §C.4 step 3 (greedy accuracy, pass@1, maj@8, pass@8) in one line. */
    public static String statsLine(Map<String, Double> stats) {
        StringBuilder b = new StringBuilder();
        for (var e : stats.entrySet())
            if (e.getKey().matches("eval/.+/(acc_greedy|pass@1|maj@8|pass@8)"))
                b.append(b.isEmpty() ? "" : ", ").append(e.getKey().substring(e.getKey().lastIndexOf('/') + 1)).append(' ')
                        .append(String.format(Locale.ROOT, "%.3f", e.getValue()));
        return b.toString();
    }

    /** The statistics written beside a cached base. */
    @SuppressWarnings("unchecked")
    public static Map<String, Double> stats(Path checkpoint) throws IOException {
        Path f = checkpoint.resolveSibling("stats.json");
        if (!Files.isRegularFile(f)) return Map.of();
        return new ObjectMapper().readValue(f.toFile(), LinkedHashMap.class);
    }
}
