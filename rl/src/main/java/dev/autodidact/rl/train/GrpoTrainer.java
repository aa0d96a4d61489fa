package dev.autodidact.rl.train;

import dev.autodidact.autograd.DataParallel;
import dev.autodidact.autograd.NoGrad;
import dev.autodidact.autograd.Var;
import dev.autodidact.autograd.optim.AdamW;
import dev.autodidact.autograd.optim.GradClip;
import dev.autodidact.autograd.optim.ParamGroup;
import dev.autodidact.autograd.optim.Schedule;
import dev.autodidact.rl.advantage.DrGrpo;
import dev.autodidact.rl.advantage.Grpo;
import dev.autodidact.rl.advantage.Rloo;
import dev.autodidact.rl.data.MiniBatches;
import dev.autodidact.rl.experiment.Completion;
import dev.autodidact.rl.experiment.Recipe;
import dev.autodidact.rl.loss.ClipRange;
import dev.autodidact.rl.loss.PolicyLoss;
import dev.autodidact.rl.math.SplitMix64;
import dev.autodidact.rl.metrics.SelfRewardAccuracy;
import dev.autodidact.rl.metrics.TrainingHealth;
import dev.autodidact.rl.reward.Group;
import dev.autodidact.rl.reward.LabelledGroup;
import dev.autodidact.rl.reward.MajorityVote;
import dev.autodidact.rl.reward.RewardBreakdown;
import dev.autodidact.rl.reward.RewardSlot;
import dev.autodidact.rl.task.Answer;
import dev.autodidact.rl.task.Problem;
import dev.autodidact.rl.task.Split;
import dev.autodidact.rl.task.Task;
import dev.autodidact.tensor.Arena;
import dev.autodidact.tensor.Parallel;
import dev.autodidact.tensor.Tensor;
import dev.autodidact.tokenizer.Tokenizer;
import dev.autodidact.transformer.Transformer;
import dev.autodidact.transformer.infer.Sample;
import dev.autodidact.transformer.infer.Sampler;
import dev.autodidact.transformer.infer.SamplingConfig;
import dev.autodidact.transformer.score.ScoreRequest;
import dev.autodidact.transformer.score.Scorer;
import dev.autodidact.transformer.score.Scores;
import dev.autodidact.transformer.score.Sequence;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * One GRPO-family RL step on the transformer, stage by stage (algorithms-text §0.1–§0.3):
 * {@link #nextPrompts} draws P prompts, {@link #generate} samples S completions per prompt,
 * {@link #reward} extracts answers, scores them through the {@link RewardSlot} and turns rewards
 * into advantages, {@link #score} adds the old-policy and reference log-probs, and
 * {@link #update} runs {@code epochs} passes of AdamW over mini-batches of whole groups with
 * {@link GrpoLoss}. {@link #step} runs all four, timing each. Sampling streams are keyed by
 * (seed, step, prompt index, sample index), so a step's samples depend on nothing else.
 */
public final class GrpoTrainer implements Trainer {
    /** Problems generated per prompt pool; the data cursor cycles through them. */
    static final int POOL_SIZE = 2048;

    private final Recipe recipe;
    private final Task task;
    private final RewardSlot slot;
    private final Transformer policy;
    private final Optional<Transformer> reference;
    private final Tokenizer tokenizer;
    private final AdamW optimizer;
    private final Sampler sampler;
    private final Arena arena = new Arena();              // recycles tensor arrays between the mini-batches of a step
    // Two halves of each mini-batch run at once (DataParallel) unless dropout is on: its call
    // counter is shared by both halves, and the order they reached it would choose the masks.
    private final DataParallel parallel;
    private final PolicyLoss.Config lossConfig;
    private final List<Problem> pool;
    private final int eos;
    private final List<Double> entropies = new ArrayList<>();   // mean policy entropy per step, for the collapse warning
    private long cursor;

    /** What one step produced: the rollout and its metrics (slash-named, with {@code time/*}). */
    public record StepResult(Rollout rollout, Map<String, Double> metrics, List<TrainingHealth.Warning> warnings) {}

    /**
     * @param reference the frozen KL reference (a copy of the initial policy); needed when {@code kl_beta > 0}
     */
    public GrpoTrainer(Recipe recipe, Task task, RewardSlot slot, Transformer policy, Optional<Transformer> reference, Tokenizer tokenizer) {
        Recipe.Optimisation o = recipe.optimisation();
        if (o.klBeta() > 0 && reference.isEmpty())
            throw new IllegalArgumentException("GRPO: optimisation.kl_beta is " + o.klBeta() + " but no reference model was given");
        if (recipe.method().labelFree() != (slot instanceof RewardSlot.LabelFree))
            throw new IllegalArgumentException("GRPO: method '" + recipe.method().name() + "' has label_free " + recipe.method().labelFree()
                    + " but its reward slot is " + slot.getClass().getSimpleName());
        this.recipe = recipe;
        this.task = task;
        this.slot = slot;
        this.policy = policy;
        this.reference = reference;
        this.tokenizer = tokenizer;
        this.optimizer = new AdamW(ParamGroup.byDecay(policy.namedParameters(), o.lr(), o.weightDecay()), o.beta1(), o.beta2(), 1e-8,
                Schedule.warmup(o.warmupSteps()));
        this.parallel = new DataParallel(policy.config().dropout() == 0f ? 2 : 1);
        this.sampler = new Sampler(policy, Optional.of(tokenizer));
        ClipRange clip = new ClipRange(o.clipLow(), o.clipHigh(), o.dualClip() > 1 ? o.dualClip() : Double.POSITIVE_INFINITY);
        this.lossConfig = new PolicyLoss.Config(clip, o.klBeta(), o.klEstimator(), o.aggregation(), recipe.sampling().maxNewTokens());
        // Label-free methods never see labelled training prompts; the supervised control trains on TRAIN.
        Split split = recipe.method().labelFree() ? Split.UNLABELED : Split.TRAIN;
        this.pool = task.generate(split, POOL_SIZE, SplitMix64.hash(recipe.run().seed(), 0x5EED));
        this.eos = tokenizer.specialId("<eos>");
    }

    public AdamW optimizer() {
        return optimizer;
    }

    public Transformer policy() {
        return policy;
    }

    /** Prompts consumed so far (the data cursor a checkpoint stores). */
    public long cursor() {
        return cursor;
    }

    public void cursor(long c) {
        if (c < 0) throw new IllegalArgumentException("GRPO: the data cursor must be >= 0, got " + c);
        cursor = c;
    }

    /** Runs every stage of one step and collects its metrics. */
    public StepResult step(long step) {
        long t0 = System.nanoTime();
        List<Problem> problems = nextPrompts();
        List<Sample> samples = generate(step, problems);
        long t1 = System.nanoTime();
        Rollout r = score(reward(step, problems, samples));
        long t2 = System.nanoTime();
        Map<String, Double> m = rolloutMetrics(r);
        m.putAll(update(step, r));
        long t3 = System.nanoTime();
        m.put("time/gen_s", (t1 - t0) / 1e9);
        m.put("time/score_s", (t2 - t1) / 1e9);
        m.put("time/update_s", (t3 - t2) / 1e9);
        m.put("time/step_s", (t3 - t0) / 1e9);
        double[][] groupRewards = r.rewards().stream().map(RewardBreakdown::total).toArray(double[][]::new);
        int[] lengths = samples.stream().mapToInt(s -> s.tokens().length).toArray();
        List<TrainingHealth.Warning> w = TrainingHealth.check(groupRewards, entropyHistory(m), lengths, recipe.sampling().maxNewTokens(), m.get("policy/loss"));
        return new StepResult(r, m, w);
    }

    /** Appends this step's {@code policy/entropy} to the history and returns the whole history. */
    double[] entropyHistory(Map<String, Double> m) {
        entropies.add(m.get("policy/entropy"));
        return entropyHistory();
    }

    /** The mean policy entropy of every step so far, oldest first: what the entropy-collapse warning compares (a checkpoint stores it). */
    public double[] entropyHistory() {
        return entropies.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Restores the entropy history of a resumed run, so that it warns exactly as the uninterrupted run would. */
    public void entropyHistory(double[] history) {
        entropies.clear();
        for (double e : history) entropies.add(e);
    }

    /** The next P prompts from the pool, advancing the data cursor. */
    public List<Problem> nextPrompts() {
        int p = recipe.rollout().promptsPerStep();
        List<Problem> out = new ArrayList<>(p);
        for (int j = 0; j < p; j++) out.add(pool.get((int) ((cursor + j) % pool.size())));
        cursor += p;
        return out;
    }

    /** S samples per prompt at the recipe's temperature and top-p, prompt by prompt. */
    public List<Sample> generate(long step, List<Problem> problems) {
        int s = recipe.rollout().samplesPerPrompt();
        List<int[]> prompts = new ArrayList<>(problems.size() * s);
        long[] keys = new long[problems.size() * s];
        for (int j = 0; j < problems.size(); j++) {
            int[] ids = tokenizer.encode(task.renderPrompt(problems.get(j).prompt()));
            for (int i = 0; i < s; i++) {
                prompts.add(ids);
                keys[j * s + i] = SplitMix64.hash(recipe.run().seed(), step, j, i);
            }
        }
        SamplingConfig cfg = SamplingConfig.builder().temperature((float) recipe.sampling().temperature()).topP((float) recipe.sampling().topP())
                .maxNewTokens(recipe.sampling().maxNewTokens()).stopTokens(eos).seed(recipe.run().seed()).build();
        policy.eval();
        try (var ng = NoGrad.enter()) {
            return sampler.sample(prompts, keys, cfg);
        }
    }

    /**
     * Groups, rewards (through the slot: labels only reach a supervised slot) and advantages;
     * with S > G (TTRL) the update trains on a seeded subset of G samples per group.
     */
    public Rollout reward(long step, List<Problem> problems, List<Sample> samples) {
        int s = recipe.rollout().samplesPerPrompt(), g = recipe.rollout().groupSize(), p = problems.size();
        List<Group> groups = new ArrayList<>(p);
        List<RewardBreakdown> rewards = new ArrayList<>(p);
        int[] trainIndex = new int[p * g];
        double[] trainRewards = new double[p * g], advantages = new double[p * g];
        List<Sequence> sequences = new ArrayList<>(p * g);
        float[][] old = new float[p * g][];
        for (int j = 0; j < p; j++) {
            List<String> texts = new ArrayList<>(s);
            for (int i = 0; i < s; i++) texts.add(samples.get(j * s + i).text());
            Group group = Group.of(task, problems.get(j).prompt(), texts, step, j);
            RewardBreakdown rb = switch (slot) {
                case RewardSlot.LabelFree lf -> lf.score(group);
                case RewardSlot.Supervised sup -> sup.score(new LabelledGroup(group, problems.get(j)));
            };
            groups.add(group);
            rewards.add(rb);
            int[] kept = trainedSamples(step, j, s, g);
            double[] r = new double[g];
            for (int i = 0; i < g; i++) r[i] = rb.total()[kept[i]];
            double[] a = switch (recipe.method().advantage()) {
                case GRPO -> Grpo.advantages(r);
                case DR_GRPO -> DrGrpo.advantages(r);
                case RLOO -> Rloo.advantages(r);
                case REINFORCE_PP, GAE -> r.clone();   // per-token kinds: TokenAdvantageTrainer replaces these after scoring
            };
            for (int i = 0; i < g; i++) {
                Sample sample = samples.get(j * s + kept[i]);
                trainIndex[j * g + i] = j * s + kept[i];
                trainRewards[j * g + i] = r[i];
                advantages[j * g + i] = a[i];
                sequences.add(new Sequence(sample.prompt(), sample.tokens()));
                old[j * g + i] = sample.rawLogProbs();
            }
        }
        return new Rollout(problems, samples, groups, rewards, trainIndex, sequences, trainRewards, advantages, old, new float[0][]);
    }

    /** All S samples when S = G; else G of them, chosen by (seed, step, prompt index), ascending. */
    private int[] trainedSamples(long step, int prompt, int s, int g) {
        int[] order = new int[s];
        for (int i = 0; i < s; i++) order[i] = i;
        if (s == g) return order;
        SplitMix64.derive(recipe.run().seed(), step, prompt, 0x77).shuffle(order);
        int[] kept = Arrays.copyOf(order, g);
        Arrays.sort(kept);
        return kept;
    }

    /**
     * Adds the reference log-probs when beta > 0, scored without gradients. The old-policy
     * log-probs need no second forward pass: the old policy of every epoch and mini-batch is the
     * policy that sampled the rollout, and the sampler already recorded each token's log-prob
     * under it (raw, at T = 1, whatever the sampling temperature) — the same numbers the
     * {@link Scorer} gives up to float rounding (GrpoTrainerTest checks 1e-4); rescoring cost ~15% of a step.
     */
    public Rollout score(Rollout r) {
        float[][] ref = lossConfig.beta() > 0 ? logProbs(reference.orElseThrow(), r.sequences()) : new float[0][];
        return new Rollout(r.problems(), r.samples(), r.groups(), r.rewards(), r.trainIndex(), r.sequences(), r.trainRewards(),
                r.advantages(), r.logpOld(), ref);
    }

    private float[][] logProbs(Transformer model, List<Sequence> sequences) {
        float[][] out = new float[sequences.size()][];
        int chunk = Math.max(1, recipe.optimisation().miniBatchSize());
        model.eval();
        try (var ng = NoGrad.enter()) {
            Scorer scorer = new Scorer(model, tokenizer.specialId("<pad>"));
            for (int start = 0; start < sequences.size(); start += chunk) {
                int end = Math.min(sequences.size(), start + chunk);
                try (var scope = arena.enter()) {   // Scores.logProbs(i) copies its row out of the arena's arrays
                    Scores sc = scorer.score(sequences.subList(start, end), ScoreRequest.logProbs());
                    for (int i = start; i < end; i++) out[i] = sc.logProbs(i - start);
                }
            }
        }
        return out;
    }

    /**
     * {@code epochs} passes over mini-batches of whole groups: score with gradients, GRPO loss,
     * backward, global-norm clipping, AdamW. A non-finite loss or gradient norm throws
     * {@link TrainingDiverged} before the step is applied.
     */
    public Map<String, Double> update(long step, Rollout r) {
        if (recipe.method().advantage().perToken()) throw new IllegalStateException("GRPO: per-token advantages are trained by Trainer.of's TokenAdvantageTrainer");
        Recipe.Optimisation o = recipe.optimisation();
        int g = recipe.rollout().groupSize(), groups = r.size() / g;
        List<int[]> plan = MiniBatches.plan(groups, g, Math.max(1, o.miniBatchSize() / g), o.epochs(), SplitMix64.hash(recipe.run().seed(), step));
        Scorer scorer = new Scorer(policy, tokenizer.specialId("<pad>"));
        double loss = 0, pg = 0, kl = 0, clip = 0, ratio = 0, norm = 0;
        policy.train();
        for (int[] batch : plan) {
            // Token weights of the whole mini-batch, so the parts' losses add up to its loss.
            int[] lengths = new int[batch.length];
            for (int k = 0; k < batch.length; k++) lengths[k] = r.sequences().get(batch[k]).completion().length;
            double[] perResponse = lossConfig.aggregation().tokenWeights(lengths, lossConfig.maxLength());
            int parts = batch.length >= parallel.parts() ? parallel.parts() : 1;
            GrpoLoss.Result[] results = new GrpoLoss.Result[parts];
            double value, gn;
            // Activations and gradients of one mini-batch come from the arenas (the parts' own, in
            // DataParallel) and go back to them; only doubles leave. Grad buffers and AdamW moments
            // are never arena arrays (they outlive the scope).
            try (var scope = arena.enter()) {
                optimizer.zeroGrad();
                IntFunction<Var> lossOfPart = p -> {
                    int k0 = Parallel.chunkStart(batch.length, parts, p), k1 = Parallel.chunkStart(batch.length, parts, p + 1);
                    int[] rows = Arrays.copyOfRange(batch, k0, k1);
                    List<Sequence> seqs = new ArrayList<>(rows.length);
                    for (int i : rows) seqs.add(r.sequences().get(i));
                    Scores sc = scorer.score(seqs, ScoreRequest.logProbs());
                    int len = sc.logProbs().size(1);
                    Tensor old = padded(r.logpOld(), rows, len), ref = lossConfig.beta() > 0 ? padded(r.logpRef(), rows, len) : old;
                    double[] adv = new double[rows.length];
                    for (int k = 0; k < rows.length; k++) adv[k] = r.advantages()[rows[k]];
                    results[p] = GrpoLoss.compute(sc.logProbs(), sc.mask(), GrpoLoss.perToken(adv, len), old, ref, lossConfig,
                            Arrays.copyOfRange(perResponse, k0, k1));
                    return results[p].loss();
                };
                value = 0;
                for (float l : parallel.step(parts, lossOfPart)) value += l;
                if (!Double.isFinite(value)) throw new TrainingDiverged(step, "the GRPO loss is " + value);
                gn = o.maxGradNorm() > 0 ? GradClip.clipGlobalNorm(policy.parameters(), o.maxGradNorm())
                        : GradClip.clipGlobalNorm(policy.parameters(), Double.MAX_VALUE);
                if (!Double.isFinite(gn)) throw new TrainingDiverged(step, "the gradient norm is " + gn);
                optimizer.step();
            }
            long tokens = 0;
            double clipped = 0, ratioSum = 0;
            for (GrpoLoss.Result res : results) {
                pg += res.policyLoss();
                kl += res.klLoss();
                tokens += res.tokens();
                clipped += res.clipFraction() * res.tokens();
                ratioSum += res.ratioMean() * res.tokens();
            }
            loss += value;
            clip += tokens == 0 ? 0 : clipped / tokens;
            ratio += tokens == 0 ? 1 : ratioSum / tokens;
            norm += gn;
        }
        // The arena reuses arrays by exact length, and a mini-batch's lengths follow its longest
        // sequence, so arrays of every padded length seen would pile up (one mini-batch's
        // activations each, ~250 MB at the demo's size: an OutOfMemoryError under -Xmx1g after a
        // few dozen steps). Keeping them for one step only bounds the arena to about one mini-batch.
        arena.trim();
        parallel.trim();
        policy.eval();
        int n = plan.size();
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("policy/loss", loss / n);
        m.put("policy/pg_loss", pg / n);
        m.put("policy/kl_ref", kl / n);
        m.put("policy/clip_frac", clip / n);
        m.put("policy/ratio_mean", ratio / n);
        m.put("policy/grad_norm", norm / n);
        m.put("policy/lr", optimizer.learningRate(0));
        return m;
    }

    private static Tensor padded(float[][] rows, int[] batch, int len) {
        float[] out = new float[batch.length * len];
        for (int k = 0; k < batch.length; k++) System.arraycopy(rows[batch[k]], 0, out, k * len, rows[batch[k]].length);
        return Tensor.of(out, batch.length, len);
    }

    /** Rewards, advantages, lengths, entropy and (from gold labels, for monitoring only) accuracy and vote quality. */
    Map<String, Double> rolloutMetrics(Rollout r) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("reward/mean", mean(r.trainRewards()));
        m.put("reward/std", std(r.trainRewards()));
        RewardBreakdown.means(r.rewards()).forEach((k, v) -> m.put("reward/" + k + "/mean", v));
        double[][] groupRewards = r.rewards().stream().map(RewardBreakdown::total).toArray(double[][]::new);
        m.put("group/frac_zero_std", TrainingHealth.allEqualGroupFraction(groupRewards));
        m.put("advantage/abs_mean", mean(Arrays.stream(r.advantages()).map(Math::abs).toArray()));
        // Gold-label monitoring: the true accuracy of the samples, and how good the majority vote is as a label.
        double[][] truth = new double[r.groups().size()][];
        int correct = 0, total = 0;
        List<Optional<Answer.Valid>> labels = new ArrayList<>();
        for (int j = 0; j < r.groups().size(); j++) {
            Group group = r.groups().get(j);
            Problem p = r.problems().get(j);
            truth[j] = new double[group.size()];
            for (int i = 0; i < group.size(); i++) {
                boolean ok = task.isCorrect(p, group.answers().get(i));
                truth[j][i] = ok ? 1 : 0;
                if (ok) correct++;
                total++;
            }
            labels.add(MajorityVote.vote(group.answers(), task.equivalence(), MajorityVote.NullPolicy.EXCLUDE).winner());
        }
        m.put("rollout/acc", (double) correct / total);
        m.put("vote/label_acc", SelfRewardAccuracy.labelAccuracy(labels, r.problems(), task));
        m.put("vote/reward_acc", SelfRewardAccuracy.rewardAccuracy(groupRewards, truth));
        long tokens = 0, clipped = 0;
        double entropy = 0;
        for (Sample s : r.samples()) {
            tokens += s.tokens().length;
            for (float e : s.entropies()) entropy += e;
            if (s.truncated() || s.stopReason() != Sample.StopReason.STOP_TOKEN) clipped++;
        }
        m.put("policy/entropy", tokens == 0 ? 0 : entropy / tokens);
        m.put("completion/len_mean", (double) tokens / r.samples().size());
        m.put("completion/clip_ratio", (double) clipped / r.samples().size());
        return m;
    }

    /** The completions of the first {@code prompts} groups, for {@code completions.jsonl}. */
    public List<Completion> completions(long step, Rollout r, int prompts) {
        List<Completion> out = new ArrayList<>();
        int s = recipe.rollout().samplesPerPrompt();
        double[] advantageOf = new double[r.samples().size()];
        Arrays.fill(advantageOf, Double.NaN);
        for (int k = 0; k < r.size(); k++) advantageOf[r.trainIndex()[k]] = r.advantages()[k];
        for (int j = 0; j < Math.min(prompts, r.groups().size()); j++) {
            Group group = r.groups().get(j);
            RewardBreakdown rb = r.rewards().get(j);
            for (int i = 0; i < group.size(); i++) {
                Map<String, Double> terms = new LinkedHashMap<>();
                for (var e : rb.terms().entrySet()) terms.put(e.getKey(), e.getValue()[i]);
                String answer = group.answers().get(i) instanceof Answer.Valid v ? v.text() : "";
                out.add(new Completion(step, j, i, task.renderPrompt(group.prompt()), group.completions().get(i), answer, rb.total()[i], terms,
                        advantageOf[j * s + i]));
            }
        }
        return out;
    }

    static double mean(double[] x) {
        double s = 0;
        for (double v : x) s += v;
        return x.length == 0 ? 0 : s / x.length;
    }

    static double std(double[] x) {
        double mu = mean(x), s = 0;
        for (double v : x) s += (v - mu) * (v - mu);
        return x.length == 0 ? 0 : Math.sqrt(s / x.length);
    }
}
