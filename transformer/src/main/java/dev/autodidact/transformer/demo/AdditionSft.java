package dev.autodidact.transformer.demo;

import dev.autodidact.tensor.Parallel;
import dev.autodidact.tensor.random.Rng;
import dev.autodidact.tokenizer.CharTokenizer;
import dev.autodidact.transformer.ModelConfig;
import dev.autodidact.transformer.Transformer;
import dev.autodidact.transformer.sft.CheckpointSink;
import dev.autodidact.transformer.sft.Example;
import dev.autodidact.transformer.sft.ExampleSource;
import dev.autodidact.transformer.sft.MetricsLog;
import dev.autodidact.transformer.sft.ProgressBar;
import dev.autodidact.transformer.sft.SftConfig;
import dev.autodidact.transformer.sft.SftTrainer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Demonstration: supervised fine-tuning of a preset-S-sized model (C 128, 4 layers, 4 heads,
 * context 64) from scratch on ADD-3 with chain-of-thought traces, reporting greedy exact-match
 * accuracy on 500 held-out problems (never trained on) as it goes.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp ... dev.autodidact.transformer.demo.AdditionSft \
 *      [--steps 1000] [--batch 32] [--lr 2e-3] [--threads 2] [--eval-every 250] [--metrics add3.jsonl] [--seed 1]
 * </pre>
 */
public final class AdditionSft {
    private AdditionSft() {}

    public static void main(String[] args) {
        Map<String, String> a = parse(args);
        int steps = Integer.parseInt(a.getOrDefault("steps", "1000"));
        int batch = Integer.parseInt(a.getOrDefault("batch", "32"));
        double lr = Double.parseDouble(a.getOrDefault("lr", "2e-3"));
        int digits = Integer.parseInt(a.getOrDefault("digits", "3"));
        long seed = Long.parseLong(a.getOrDefault("seed", "1"));
        int evalEvery = Integer.parseInt(a.getOrDefault("eval-every", "250"));
        int heldOutCount = Integer.parseInt(a.getOrDefault("held-out", "500"));
        if (a.containsKey("threads")) Parallel.setThreads(Integer.parseInt(a.get("threads")));

        CharTokenizer tok = CharTokenizer.forTasks();
        ModelConfig cfg = ModelConfig.presetS().withVocabSize(tok.vocabSize());
        Transformer model = new Transformer(cfg, seed);

        Rng heldRng = Rng.derive(seed, 0xE7A1);
        Set<AdditionTask.Problem> held = new HashSet<>();
        List<AdditionTask.Problem> heldOut = new ArrayList<>();
        while (heldOut.size() < heldOutCount) {
            AdditionTask.Problem p = AdditionTask.draw(heldRng, digits);
            if (held.add(p)) heldOut.add(p);
        }
        List<Example> heldOutExamples = new ArrayList<>();
        for (AdditionTask.Problem p : heldOut.subList(0, Math.min(128, heldOut.size()))) heldOutExamples.add(AdditionTask.example(p, digits));
        ExampleSource train = ExampleSource.generated(seed, r -> AdditionTask.example(AdditionTask.drawExcluding(r, digits, held), digits));

        SftConfig sft = SftConfig.builder().batchSize(batch).steps(steps).lr(lr).warmup(Math.min(100, steps / 10)).minLrFactor(0.05)
                .weightDecay(0.1).clipNorm(1.0).evalEvery(evalEvery).logEvery(25).seed(seed).build();
        SftTrainer trainer = new SftTrainer(model, tok, sft);
        MetricsLog metrics = a.containsKey("metrics") ? MetricsLog.toFile(Path.of(a.get("metrics"))) : MetricsLog.inMemory();
        System.out.printf(Locale.ROOT, "ADD-%d SFT: %s, %.2f M parameters, %d threads, batch %d, %d steps, lr %.1e%n",
                digits, cfg, model.parameterCount() / 1e6, Parallel.threads(), batch, steps, lr);
        SftTrainer.Evaluator accuracy = (m, step) -> {
            long t = System.nanoTime();
            double acc = AdditionTask.greedyAccuracy(m, tok, heldOut, cfg.contextLength());
            Map<String, Double> r = new LinkedHashMap<>();
            r.put("greedy_accuracy", acc);
            r.put("eval_seconds", (System.nanoTime() - t) / 1e9);
            return r;
        };
        SftTrainer.Result res = trainer.train(train, heldOutExamples, Optional.of(accuracy), metrics, CheckpointSink.none(),
                Optional.of(ProgressBar.onStderr(steps, 25)));
        metrics.close();
        for (var r : metrics.records()) if ("eval".equals(r.get("event"))) System.out.println(r);
        System.out.printf(Locale.ROOT, "done: %d steps in %.1f s, last loss %.4f, held-out greedy exact match %.3f%n",
                res.steps(), res.seconds(), res.lastLoss(), res.lastEval().getOrDefault("greedy_accuracy", Double.NaN));
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) throw new IllegalArgumentException("usage: --name value ...; got '" + args[i] + "'");
            m.put(args[i].substring(2), args[++i]);
        }
        return m;
    }
}
