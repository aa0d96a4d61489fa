package dev.autodidact.transformer.sft;

import dev.autodidact.autograd.DataParallel;
import dev.autodidact.autograd.NoGrad;
import dev.autodidact.autograd.Var;
import dev.autodidact.autograd.optim.AdamW;
import dev.autodidact.autograd.optim.GradClip;
import dev.autodidact.autograd.optim.Optimizer;
import dev.autodidact.autograd.optim.ParamGroup;
import dev.autodidact.autograd.optim.Schedule;
import dev.autodidact.tensor.Arena;
import dev.autodidact.tensor.Parallel;
import dev.autodidact.tokenizer.Tokenizer;
import dev.autodidact.transformer.SupervisedBatch;
import dev.autodidact.transformer.Transformer;
import dev.autodidact.transformer.checkpoint.Checkpoint;
import dev.autodidact.transformer.checkpoint.TrainerState;
import dev.autodidact.transformer.monitor.MetricsLog;
import dev.autodidact.transformer.monitor.MetricsRow;
import dev.autodidact.transformer.monitor.Progress;

import java.io.IOException;
import java.nio.file.Path;
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
 * task evaluator, metrics as JSON lines, checkpoints through a {@link CheckpointSink}, and
 * resumption from one ({@link #restore}) that continues bit for bit.
 * Each step runs inside an {@link Arena}, so steady-state steps reuse their activation arrays.
 */
public final class SftTrainer {

    /** Extra evaluation at each evaluation step (e.g. greedy exact-match accuracy); metric name → value. */
    @FunctionalInterface
    public interface Evaluator {
        Map<String, Double> evaluate(Transformer model, long step);
    }

    /**
     * How a run ended: the step reached, the last training loss, the last evaluation, wall time and
     * response tokens trained on (both counted over a resume too), and the metric rows of this call.
     */
    public record Result(long steps, double lastLoss, Map<String, Double> lastEval, double seconds, long responseTokens, List<MetricsRow> rows) {}

    private static final String ELAPSED = "elapsed_s", TOKENS = "response_tokens";

    private final Transformer model;
    private final Tokenizer tokenizer;
    private final SftConfig cfg;
    private final AdamW optimizer;
    private final Arena arena = new Arena();
    // Two halves of each batch run at once (DataParallel) unless dropout is on: its call counter
    // is state shared by both halves, and the order they reached it would choose the masks.
    private final DataParallel parallel;
    private long startStep, tokensBefore;
    private double secondsBefore;

    public SftTrainer(Transformer model, Tokenizer tokenizer, SftConfig cfg) {
        if (tokenizer.vocabSize() > model.config().vocabSize()) {
            throw new IllegalArgumentException("sft: the tokenizer has " + tokenizer.vocabSize() + " ids but the model only " + model.config().vocabSize());
        }
        this.model = model;
        this.tokenizer = tokenizer;
        this.cfg = cfg;
        this.optimizer = new AdamW(ParamGroup.byDecay(model.namedParameters(), cfg.lr(), cfg.weightDecay()), 0.9, 0.95, 1e-8,
                Schedule.cosine(cfg.warmup(), cfg.steps(), cfg.minLrFactor()));
        this.parallel = new DataParallel(model.config().dropout() == 0f && cfg.batchSize() >= 2 ? 2 : 1);
    }

    public Optimizer optimizer() { return optimizer; }

    public Tokenizer tokenizer() { return tokenizer; }

    public Transformer model() { return model; }

    /** The token pair of an example: prompt and response encoded separately (special tokens recognised). */
    public SupervisedBatch.Pair encode(Example e) {
        return new SupervisedBatch.Pair(tokenizer.encode(e.prompt()), tokenizer.encode(e.response()));
    }

    /**
     * Continues from the checkpoint directory {@code dir} (written by {@link SftCheckpoints}): the
     * model's parameters and counters, the optimizer's moments and step (hence the schedule), and
     * {@code source} moved to the checkpoint's cursor; {@link #train} then runs the remaining steps.
     * SFT draws no random numbers of its own (examples are keyed by seed and cursor, dropout masks
     * by module counters), so the trainer state's RNG words hold the data seed, and a run with
     * another seed is refused rather than silently mixed. The model must be built with the seed of
     * the interrupted run: its parameters come from the checkpoint, but dropout's mask streams are
     * keyed by the construction seed.
     */
    public void restore(Path dir, ExampleSource source) throws IOException {
        Checkpoint c = Checkpoint.load(dir);
        if (!c.config().equals(model.config()))
            throw new IllegalArgumentException("sft resume: " + dir + " holds a model " + c.config() + ", this run builds " + model.config());
        TrainerState t = c.trainer().orElseThrow(() -> new IllegalArgumentException("sft resume: " + dir + " has no " + TrainerState.FILE));
        var opt = c.optimizer().orElseThrow(() -> new IllegalArgumentException("sft resume: " + dir + " has no " + Checkpoint.OPTIMIZER_FILE));
        long[] rng = t.rngState();
        if (rng.length != 1 || rng[0] != cfg.seed())
            throw new IllegalArgumentException("sft resume: " + dir + " was trained with data seed " + (rng.length == 1 ? rng[0] : java.util.Arrays.toString(rng)) + ", this run has seed " + cfg.seed());
        if (t.step() > cfg.steps())
            throw new IllegalArgumentException("sft resume: " + dir + " is at step " + t.step() + ", beyond this run's " + cfg.steps() + " steps");
        model.load(c.model());
        optimizer.load(opt);
        source.seek(t.dataCursor());
        startStep = t.step();
        secondsBefore = Double.parseDouble(t.extra().getOrDefault(ELAPSED, "0"));
        tokensBefore = Long.parseLong(t.extra().getOrDefault(TOKENS, "0"));
    }

    /** The step the next {@link #train} call starts after: 0, or the restored checkpoint's step. */
    public long startStep() {
        return startStep;
    }

    /**
     * Trains from {@link #startStep} to {@code steps}. Metrics go to {@code metrics} (if given) and
     * into the result as one row per logged or evaluated step: {@code train/loss}, {@code train/lr},
     * {@code train/grad_norm}, {@code train/tokens_per_s}, {@code train/elapsed_s}; at evaluations
     * {@code eval/loss} (held-out response tokens) and the evaluator's metrics.
     */
    public Result train(ExampleSource train, List<Example> heldOut, Optional<Evaluator> evaluator, Optional<MetricsLog> metrics,
                        CheckpointSink checkpoints, Progress progress) throws IOException {
        long t0 = System.nanoTime(), tokens = tokensBefore, windowTokens = 0, windowStart = t0;
        double lastLoss = Double.NaN;
        Map<String, Double> lastEval = Map.of();
        List<MetricsRow> rows = new ArrayList<>();
        int ctx = model.config().contextLength();
        progress.start(startStep, cfg.steps());
        for (long step = startStep + 1; step <= cfg.steps(); step++) {
            List<SupervisedBatch.Pair> pairs = new ArrayList<>(cfg.batchSize());
            for (int i = 0; i < cfg.batchSize(); i++) pairs.add(encode(train.next()));
            SupervisedBatch batch = SupervisedBatch.of(pairs, tokenizer.pad(), ctx);
            SupervisedBatch[] parts = new SupervisedBatch[parallel.parts()];
            boolean split = parts.length > 1;
            for (int p = 0; p < parts.length && split; p++) {
                parts[p] = SupervisedBatch.of(pairs.subList(Parallel.chunkStart(pairs.size(), parts.length, p),
                        Parallel.chunkStart(pairs.size(), parts.length, p + 1)), tokenizer.pad(), ctx);
                split = parts[p].responseTokens() > 0;   // a part without response tokens has no mean: keep the batch whole
            }
            double lr = optimizer.learningRate(0), loss = 0, gradNorm;
            model.train();
            try (var scope = arena.enter()) {
                optimizer.zeroGrad();
                if (split) {
                    // Each part's mean over its response tokens, weighted by its share of them: the
                    // parts add up to the batch's mean (and its gradient).
                    float[] partLosses = parallel.step(p -> model.loss(parts[p]).mul(parts[p].responseTokens() / (float) batch.responseTokens()));
                    for (float l : partLosses) loss += l;
                } else {
                    Var l = model.loss(batch);
                    l.backward();
                    loss = l.item();
                }
                gradNorm = GradClip.clipGlobalNorm(model.parameters(), cfg.clipNorm());
                if (Double.isFinite(gradNorm)) optimizer.step();
            }
            arena.trimUnused();   // batches change padded length: keep one step's arrays, not one set per length
            lastLoss = loss;
            tokens += batch.responseTokens();
            windowTokens += batch.ids().numel();
            boolean last = step == cfg.steps();
            Map<String, Double> values = new LinkedHashMap<>();
            values.put("train/loss", loss);
            boolean logged = (cfg.logEvery() > 0 && step % cfg.logEvery() == 0) || last;
            if (logged) {
                long now = System.nanoTime();
                values.put("train/lr", lr);
                values.put("train/grad_norm", gradNorm);
                values.put("train/tokens_per_s", (double) Math.round(windowTokens / ((now - windowStart) / 1e9)));
                windowTokens = 0;
                windowStart = now;
            }
            boolean evaluated = (cfg.evalEvery() > 0 && step % cfg.evalEvery() == 0) || last;
            if (evaluated) {
                lastEval = evaluate(step, heldOut, evaluator);
                values.putAll(lastEval);
            }
            double elapsed = secondsBefore + (System.nanoTime() - t0) / 1e9;
            if (logged || evaluated) {
                values.put("train/elapsed_s", Math.round(elapsed * 1000) / 1000.0);
                MetricsRow row = new MetricsRow(step, System.currentTimeMillis() / 1000.0, values);
                rows.add(row);
                if (metrics.isPresent()) metrics.get().append(row);
            }
            if ((cfg.checkpointEvery() > 0 && step % cfg.checkpointEvery() == 0) || last) {
                if (metrics.isPresent()) metrics.get().sync();   // the log is on disk up to the checkpoint a resume rolls back to
                checkpoints.save(new TrainerState(step, new long[] {cfg.seed()}, train.cursor(),
                        Map.of(ELAPSED, Double.toString(elapsed), TOKENS, Long.toString(tokens))), model, optimizer);
            }
            progress.step(step, values);
            if (evaluated && !lastEval.isEmpty()) progress.message("step " + step + ": " + describe(lastEval));
        }
        progress.finish();
        model.eval();
        return new Result(cfg.steps(), lastLoss, lastEval, secondsBefore + (System.nanoTime() - t0) / 1e9, tokens, rows);
    }

    private static String describe(Map<String, Double> m) {
        StringBuilder b = new StringBuilder();
        m.forEach((k, v) -> b.append(b.isEmpty() ? "" : ", ").append(k).append(' ').append(String.format(Locale.ROOT, "%.4f", v)));
        return b.toString();
    }

    /** Held-out loss (mean over response tokens) and the evaluator's metrics, in eval mode without gradients. */
    public Map<String, Double> evaluate(long step, List<Example> heldOut, Optional<Evaluator> evaluator) {
        Map<String, Double> out = new LinkedHashMap<>();
        model.eval();
        try (var ng = NoGrad.enter()) {
            if (!heldOut.isEmpty()) out.put("eval/loss", heldOutLoss(heldOut));
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

}
