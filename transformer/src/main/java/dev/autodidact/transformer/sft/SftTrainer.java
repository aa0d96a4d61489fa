package dev.autodidact.transformer.sft;

import dev.autodidact.autograd.NoGrad;
import dev.autodidact.autograd.Var;
import dev.autodidact.autograd.optim.AdamW;
import dev.autodidact.autograd.optim.GradClip;
import dev.autodidact.autograd.optim.Optimizer;
import dev.autodidact.autograd.optim.ParamGroup;
import dev.autodidact.autograd.optim.Schedule;
import dev.autodidact.tensor.Arena;
import dev.autodidact.tokenizer.Tokenizer;
import dev.autodidact.transformer.SupervisedBatch;
import dev.autodidact.transformer.Transformer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Supervised fine-tuning: next-token cross-entropy on response tokens only (prompt and padding
 * positions carry no loss), right-padded batches, AdamW (biases and norms without decay) with
 * warm-up + cosine decay, global-norm clipping, periodic held-out evaluation plus an optional
 * task evaluator, metrics as JSON lines, and checkpoints through a {@link CheckpointSink}.
 * Each step runs inside an {@link Arena}, so steady-state steps reuse their activation arrays.
 */
public final class SftTrainer {

    /** Extra evaluation at each evaluation step (e.g. greedy exact-match accuracy); metric name → value. */
    @FunctionalInterface
    public interface Evaluator {
        Map<String, Double> evaluate(Transformer model, long step);
    }

    /** How a run ended: steps taken, the last training loss, the last evaluation, wall time and response tokens trained on. */
    public record Result(long steps, double lastLoss, Map<String, Double> lastEval, double seconds, long responseTokens) {}

    private final Transformer model;
    private final Tokenizer tokenizer;
    private final SftConfig cfg;
    private final AdamW optimizer;
    private final Arena arena = new Arena();

    public SftTrainer(Transformer model, Tokenizer tokenizer, SftConfig cfg) {
        if (tokenizer.vocabSize() > model.config().vocabSize()) {
            throw new IllegalArgumentException("sft: the tokenizer has " + tokenizer.vocabSize() + " ids but the model only " + model.config().vocabSize());
        }
        this.model = model;
        this.tokenizer = tokenizer;
        this.cfg = cfg;
        this.optimizer = new AdamW(ParamGroup.byDecay(model.namedParameters(), cfg.lr(), cfg.weightDecay()), 0.9, 0.95, 1e-8,
                Schedule.cosine(cfg.warmup(), cfg.steps(), cfg.minLrFactor()));
    }

    public Optimizer optimizer() { return optimizer; }

    /** The token pair of an example: prompt and response encoded separately (special tokens recognised). */
    public SupervisedBatch.Pair encode(Example e) {
        return new SupervisedBatch.Pair(tokenizer.encode(e.prompt()), tokenizer.encode(e.response()));
    }

    public Result train(ExampleSource train, List<Example> heldOut, Optional<Evaluator> evaluator, MetricsLog metrics,
                        CheckpointSink checkpoints, Optional<ProgressBar> progress) {
        long t0 = System.nanoTime(), tokens = 0, windowTokens = 0, windowStart = t0;
        double lastLoss = Double.NaN;
        Map<String, Double> lastEval = Map.of();
        int ctx = model.config().contextLength();
        for (long step = 1; step <= cfg.steps(); step++) {
            List<SupervisedBatch.Pair> pairs = new ArrayList<>(cfg.batchSize());
            for (int i = 0; i < cfg.batchSize(); i++) pairs.add(encode(train.next()));
            SupervisedBatch batch = SupervisedBatch.of(pairs, tokenizer.pad(), ctx);
            double lr = optimizer.learningRate(0), loss, gradNorm;
            model.train();
            try (var scope = arena.enter()) {
                optimizer.zeroGrad();
                Var l = model.loss(batch);
                l.backward();
                gradNorm = GradClip.clipGlobalNorm(model.parameters(), cfg.clipNorm());
                if (Double.isFinite(gradNorm)) optimizer.step();
                loss = l.item();
            }
            lastLoss = loss;
            tokens += batch.responseTokens();
            windowTokens += batch.ids().numel();
            if (cfg.logEvery() > 0 && (step % cfg.logEvery() == 0 || step == cfg.steps())) {
                long now = System.nanoTime();
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("event", "train");
                r.put("step", step);
                r.put("loss", round(loss));
                r.put("lr", lr);
                r.put("grad_norm", round(gradNorm));
                r.put("tokens_per_s", Math.round(windowTokens / ((now - windowStart) / 1e9)));
                r.put("elapsed_s", round((now - t0) / 1e9));
                metrics.log(r);
                windowTokens = 0;
                windowStart = now;
            }
            boolean last = step == cfg.steps();
            if ((cfg.evalEvery() > 0 && step % cfg.evalEvery() == 0) || last) {
                lastEval = evaluate(step, heldOut, evaluator);
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("event", "eval");
                r.put("step", step);
                lastEval.forEach((k, v) -> r.put(k, round(v)));
                r.put("elapsed_s", round((System.nanoTime() - t0) / 1e9));
                metrics.log(r);
            }
            if ((cfg.checkpointEvery() > 0 && step % cfg.checkpointEvery() == 0) || last) {
                Map<String, Double> m = new LinkedHashMap<>(lastEval);
                m.put("train_loss", loss);
                checkpoints.save(step, model, optimizer, m);
            }
            long s = step;
            double lossNow = loss;
            Map<String, Double> evalNow = lastEval;
            progress.ifPresent(p -> p.update(s, String.format(Locale.ROOT, "loss %.4f%s", lossNow,
                    evalNow.isEmpty() ? "" : " " + evalNow.entrySet().stream().map(e -> e.getKey() + " " + String.format(Locale.ROOT, "%.4f", e.getValue())).reduce((a, b) -> a + " " + b).orElse(""))));
        }
        model.eval();
        return new Result(cfg.steps(), lastLoss, lastEval, (System.nanoTime() - t0) / 1e9, tokens);
    }

    /** Held-out loss (mean over response tokens) and the evaluator's metrics, in eval mode without gradients. */
    public Map<String, Double> evaluate(long step, List<Example> heldOut, Optional<Evaluator> evaluator) {
        Map<String, Double> out = new LinkedHashMap<>();
        model.eval();
        try (var ng = NoGrad.enter()) {
            if (!heldOut.isEmpty()) out.put("eval_loss", heldOutLoss(heldOut));
            evaluator.ifPresent(e -> out.putAll(e.evaluate(model, step)));
        } finally {
            model.train();
        }
        return out;
    }

    /** Mean response-token cross-entropy of {@code examples}, batched like training. */
    public double heldOutLoss(List<Example> examples) {
        double sum = 0;
        long count = 0;
        try (var ng = NoGrad.enter()) {
            for (int i = 0; i < examples.size(); i += cfg.batchSize()) {
                List<SupervisedBatch.Pair> pairs = new ArrayList<>();
                for (int j = i; j < Math.min(examples.size(), i + cfg.batchSize()); j++) pairs.add(encode(examples.get(j)));
                SupervisedBatch b = SupervisedBatch.of(pairs, tokenizer.pad(), model.config().contextLength());
                try (var scope = arena.enter()) {
                    sum += model.loss(b).item() * b.responseTokens();
                }
                count += b.responseTokens();
            }
        }
        return count == 0 ? 0 : sum / count;
    }

    private static double round(double v) {
        return Double.isFinite(v) ? Math.round(v * 1e6) / 1e6 : v;
    }
}
