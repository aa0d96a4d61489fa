package dev.autodidact.rl.cli;

import dev.autodidact.autograd.NoGrad;
import dev.autodidact.rl.experiment.TaskRegistry;
import dev.autodidact.rl.task.Problem;
import dev.autodidact.rl.task.Split;
import dev.autodidact.rl.task.Task;
import dev.autodidact.tensor.Parallel;
import dev.autodidact.tokenizer.CharTokenizer;
import dev.autodidact.tokenizer.Tokenizer;
import dev.autodidact.transformer.ModelConfig;
import dev.autodidact.transformer.Transformer;
import dev.autodidact.transformer.infer.Sample;
import dev.autodidact.transformer.infer.Sampler;
import dev.autodidact.transformer.infer.SamplingConfig;
import dev.autodidact.transformer.monitor.Progress;
import dev.autodidact.transformer.sft.Example;
import dev.autodidact.transformer.sft.ExampleSource;
import dev.autodidact.transformer.sft.JsonlExamples;
import dev.autodidact.transformer.sft.SftConfig;
import dev.autodidact.transformer.sft.SftRun;
import dev.autodidact.transformer.sft.SftTrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.BiPredicate;
import java.util.function.Predicate;

/**
 * {@code autodidact sft}: supervised fine-tuning from scratch on a task's correct chain-of-thought
 * traces (train split) or on a JSONL file of {@code {"prompt","response"}} pairs, evaluated by
 * greedy exact match on held-out problems (test split) or held-out pairs; metrics.jsonl and
 * resumable checkpoints in {@code --out}.
 */
@Command(name = "sft", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Supervised fine-tuning of a small model from scratch.", "",
                "Trains on a task's correct chain-of-thought traces (default add3) or on --data FILE.jsonl, evaluates greedy exact match "
                        + "on held-out problems every --eval-every steps, and writes OUT/metrics.jsonl and OUT/checkpoints/step-N "
                        + "(full checkpoints: 'autodidact eval OUT' reads the newest). --resume continues an interrupted run exactly."})
final class SftCommand implements Callable<Integer> {
    @Option(names = "--task", paramLabel = "NAME", defaultValue = "add3", description = "task whose traces to learn (default ${DEFAULT-VALUE}); ignored with --data")
    String task;

    @Option(names = "--data", paramLabel = "FILE", description = "train on these JSON lines {\"prompt\": ..., \"response\": ...} instead of a task")
    Path data;

    @Option(names = "--eval-data", paramLabel = "FILE", description = "held-out JSON lines for --data (exact match of the greedy response)")
    Path evalData;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "run directory (metrics.jsonl, checkpoints/)")
    Path out;

    @Option(names = "--resume", description = "continue the run in --out from its newest checkpoint")
    boolean resume;

    @Option(names = "--steps", defaultValue = "1000", description = "optimizer steps (default ${DEFAULT-VALUE})")
    long steps;

    @Option(names = "--batch", defaultValue = "32", description = "examples per step (default ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--lr", defaultValue = "2e-3", description = "peak AdamW learning rate (default ${DEFAULT-VALUE}); warm-up then cosine decay to 5%")
    double lr;

    @Option(names = "--eval-every", defaultValue = "250", description = "steps between evaluations (default ${DEFAULT-VALUE}; also at the end)")
    long evalEvery;

    @Option(names = "--checkpoint-every", defaultValue = "250", description = "steps between checkpoints (default ${DEFAULT-VALUE}; also at the end)")
    long checkpointEvery;

    @Option(names = "--keep-last", defaultValue = "2", description = "checkpoints kept (default ${DEFAULT-VALUE})")
    int keepLast;

    @Option(names = "--held-out", defaultValue = "500", description = "held-out problems for greedy exact match (default ${DEFAULT-VALUE})")
    int heldOut;

    @Option(names = "--size", defaultValue = "s", description = "model: s (preset S: C 128, 4 layers, 4 heads, context 64) or tiny (C 32, 1 layer; for tests) (default ${DEFAULT-VALUE})")
    String size;

    @Option(names = "--threads", description = "worker threads (default: the number of cores)")
    Integer threads;

    @Option(names = "--seed", defaultValue = "1", description = "seed of the model and the example stream (default ${DEFAULT-VALUE})")
    long seed;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** Problems of the task's train split the example stream draws from: many more than a run sees, so it rarely repeats one. */
    static final int TRAIN_PROBLEMS = 50_000;
    /** The loss is also reported on this many held-out examples (the accuracy uses all of --held-out). */
    static final int LOSS_EXAMPLES = 128;

    @Override
    public Integer call() throws Exception {
        if (threads != null) Parallel.setThreads(threads);
        if (heldOut < 1) throw new IllegalArgumentException("--held-out must be at least 1, got " + heldOut);
        var console = spec.commandLine().getOut();
        CharTokenizer tok = CharTokenizer.forTasks();
        ModelConfig config = switch (size) {
            case "s" -> ModelConfig.presetS().withVocabSize(tok.vocabSize());
            case "tiny" -> ModelConfig.gpt2Style(tok.vocabSize(), 32, 1, 2, 64);
            default -> throw new IllegalArgumentException("--size must be s or tiny, got '" + size + "'");
        };
        ExampleSource train;
        List<Example> heldOutExamples;
        SftTrainer.Evaluator accuracy;
        String what;
        if (data != null) {
            List<Example> examples = JsonlExamples.read(data);
            if (examples.isEmpty()) throw new IllegalArgumentException(data + ": no examples (one {\"prompt\": ..., \"response\": ...} object per line)");
            train = ExampleSource.epochs(examples, seed);
            heldOutExamples = evalData == null ? List.of() : JsonlExamples.read(evalData);
            accuracy = exactMatch(tok, heldOutExamples);
            what = examples.size() + " pairs from " + data;
        } else {
            if (evalData != null) throw new IllegalArgumentException("--eval-data goes with --data; a task is evaluated on its own test split");
            Task t = TaskRegistry.task(task);
            List<Problem> problems = t.generate(Split.TRAIN, TRAIN_PROBLEMS, seed);
            train = ExampleSource.generated(seed, r -> example(t, problems.get(r.nextInt(problems.size()))));
            List<Problem> test = t.generate(Split.TEST, heldOut, seed);
            heldOutExamples = test.subList(0, Math.min(LOSS_EXAMPLES, test.size())).stream().map(p -> example(t, p)).toList();
            accuracy = taskAccuracy(tok, t, "eval/" + task + "/test/acc_greedy", test);
            what = task + " correct traces (train split), " + test.size() + " held-out test problems";
        }
        Transformer model = new Transformer(config, seed);
        SftConfig cfg = SftConfig.builder().batchSize(batch).steps(steps).lr(lr).warmup(Math.min(100, steps / 10)).minLrFactor(0.05)
                .weightDecay(0.1).clipNorm(1.0).evalEvery(evalEvery).logEvery(25).checkpointEvery(checkpointEvery).seed(seed).build();
        console.printf(Locale.ROOT, "sft: %s; model %s, %.2f M parameters; %d threads, batch %d, %d steps, lr %.1e -> %s%n",
                what, size, model.parameterCount() / 1e6, Parallel.threads(), batch, steps, lr, out);
        Predicate<String> shown = k -> k.equals("train/loss") || k.endsWith("acc_greedy") || k.endsWith("exact_match");
        SftTrainer.Result r = SftRun.run(out, resume, keepLast, new SftTrainer(model, tok, cfg), train, heldOutExamples,
                Optional.of(accuracy), Progress.console(shown));
        console.printf(Locale.ROOT, "done: step %d, %.1f s in all, last loss %.4f; %s%n", r.steps(), r.seconds(), r.lastLoss(), r.lastEval());
        return 0;
    }

    private static Example example(Task t, Problem p) {
        return new Example(t.renderPrompt(p.prompt()), t.trace(p).text());
    }

    /** The fraction of held-out problems whose greedy answer the task judges correct. */
    static SftTrainer.Evaluator taskAccuracy(Tokenizer tok, Task t, String key, List<Problem> problems) {
        return greedyAccuracy(tok, key, problems.stream().map(p -> t.renderPrompt(p.prompt())).toList(),
                (i, text) -> t.isCorrect(problems.get(i), t.extract(problems.get(i).prompt(), text)));
    }

    /** The fraction of held-out pairs whose greedy response is exactly the reference (no pairs: no metric). */
    static SftTrainer.Evaluator exactMatch(Tokenizer tok, List<Example> examples) {
        if (examples.isEmpty()) return (model, step) -> Map.of();
        return greedyAccuracy(tok, "eval/exact_match", examples.stream().map(Example::prompt).toList(), (i, text) -> text.equals(examples.get(i).response()));
    }

    /** Greedy decoding of every prompt in one batch, up to the context end; {@code key}: the fraction {@code correct} accepts, plus the seconds taken. */
    private static SftTrainer.Evaluator greedyAccuracy(Tokenizer tok, String key, List<String> prompts, BiPredicate<Integer, String> correct) {
        List<int[]> ids = prompts.stream().map(tok::encode).toList();
        return (model, step) -> {
            long t0 = System.nanoTime();
            List<Sample> out;
            try (var ng = NoGrad.enter()) {
                out = new Sampler(model, Optional.of(tok)).sample(ids, SamplingConfig.greedy(model.config().contextLength(), tok.specialId("<eos>")));
            }
            int right = 0;
            for (int i = 0; i < ids.size(); i++) if (correct.test(i, out.get(i).text())) right++;
            Map<String, Double> m = new LinkedHashMap<>();
            m.put(key, right / (double) ids.size());
            m.put("eval/seconds", (System.nanoTime() - t0) / 1e9);
            return m;
        };
    }
}
