package dev.autodidact.rl.train;

import dev.autodidact.autograd.NoGrad;
import dev.autodidact.autograd.DataParallel;
import dev.autodidact.autograd.Var;
import dev.autodidact.rl.data.MiniBatches;
import dev.autodidact.rl.experiment.Recipe;
import dev.autodidact.rl.loss.ClipRange;
import dev.autodidact.rl.loss.PolicyLoss;
import dev.autodidact.rl.math.SplitMix64;
import dev.autodidact.tensor.Parallel;
import dev.autodidact.tensor.Tensor;
import dev.autodidact.tokenizer.Tokenizer;
import dev.autodidact.transformer.Transformer;
import dev.autodidact.transformer.score.ScoreRequest;
import dev.autodidact.transformer.score.Scorer;
import dev.autodidact.transformer.score.Scores;
import dev.autodidact.transformer.score.Sequence;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * REINFORCE++ (algorithms-text §0.5, {@code method.advantage: reinforce_pp}) and PPO with a
 * value head (§0.4, {@code method.algorithm: ppo}): the rollout of GRPO, then per-token
 * advantages with the KL penalty in the reward ({@link TokenAdvantages}), then epochs x
 * mini-batches of the clipped surrogate ({@link GrpoLoss} with beta 0, since the KL is already in
 * the reward) plus, for PPO, {@code value.coef} times the clipped value loss
 * ({@link ValueHeadLoss}) on the value head that shares the policy's trunk.
 */
public final class TokenAdvantageTrainer extends StagedTrainer {
    private final Recipe recipe;
    private final int pad;
    private final boolean ppo;
    private final PolicyLoss.Config lossConfig;
    // Two halves of each mini-batch at once, as in GrpoTrainer (one when dropout is on).
    private final DataParallel parallel;

    TokenAdvantageTrainer(Recipe recipe, RolloutStage stage, Tokenizer tokenizer) {
        super(stage);
        this.recipe = recipe;
        this.pad = tokenizer.specialId("<pad>");
        this.ppo = recipe.method().algorithm() == Recipe.Algorithm.PPO;
        if (ppo && !stage.policy().hasValueHead())
            throw new IllegalArgumentException("PPO: the policy has no value head; build it with new Transformer(config, seed, true)");
        Recipe.Optimisation o = recipe.optimisation();
        ClipRange clip = new ClipRange(o.clipLow(), o.clipHigh(), o.dualClip() > 1 ? o.dualClip() : Double.POSITIVE_INFINITY);
        this.lossConfig = new PolicyLoss.Config(clip, 0, o.klEstimator(), o.aggregation(), recipe.sampling().maxNewTokens());
        this.parallel = new DataParallel(stage.policy().config().dropout() == 0f ? 2 : 1);
    }

    @Override
    public GrpoTrainer.StepResult step(long step) {
        long t0 = System.nanoTime();
        Rollout r = stage.sample(step);
        long t1 = System.nanoTime();
        r = stage.score(r);
        float[][] oldValues = ppo ? values(r.sequences()) : null;
        Recipe.Returns ret = recipe.returns();
        TokenAdvantages a = TokenAdvantages.of(r.trainRewards(), r.logpOld(), r.logpRef(), recipe.optimisation().klBeta(), ret.gamma(), ret.lambda(), oldValues);
        r = new Rollout(r.problems(), r.samples(), r.groups(), r.rewards(), r.trainIndex(), r.sequences(), r.trainRewards(),
                a.perResponseMeans(), r.logpOld(), r.logpRef());
        long t2 = System.nanoTime();
        Map<String, Double> m = stage.metrics(r);
        m.put("advantage/abs_mean", a.absMean());
        m.putAll(update(step, r, a, oldValues));
        m.put("policy/kl_ref", a.klMean());
        if (ppo) m.putAll(valueMetrics(oldValues, a.returns()));
        long t3 = System.nanoTime();
        m.put("time/gen_s", (t1 - t0) / 1e9);
        m.put("time/score_s", (t2 - t1) / 1e9);
        m.put("time/update_s", (t3 - t2) / 1e9);
        m.put("time/step_s", (t3 - t0) / 1e9);
        return new GrpoTrainer.StepResult(r, m, stage.warnings(r, m, m.get("policy/loss")));
    }

    /** V_t of the policy's value head for each response token, without gradients. */
    private float[][] values(List<Sequence> sequences) {
        float[][] out = new float[sequences.size()][];
        int chunk = Math.max(1, recipe.optimisation().miniBatchSize());
        Transformer policy = stage.policy();
        policy.eval();
        try (var ng = NoGrad.enter()) {
            Scorer scorer = new Scorer(policy, pad);
            for (int start = 0; start < sequences.size(); start += chunk) {
                int end = Math.min(sequences.size(), start + chunk);
                Scores sc = scorer.score(sequences.subList(start, end), ScoreRequest.logProbs().withValues());
                for (int i = start; i < end; i++) out[i] = sc.values(i - start);
            }
        }
        return out;
    }

    private Map<String, Double> update(long step, Rollout r, TokenAdvantages a, float[][] oldValues) {
        Recipe.Optimisation o = recipe.optimisation();
        int g = recipe.rollout().groupSize();
        List<int[]> plan = MiniBatches.plan(r.size() / g, g, Math.max(1, o.miniBatchSize() / g), o.epochs(), SplitMix64.hash(recipe.run().seed(), step));
        Transformer policy = stage.policy();
        Scorer scorer = new Scorer(policy, pad);
        ScoreRequest request = ppo ? ScoreRequest.logProbs().withValues() : ScoreRequest.logProbs();
        double loss = 0, pg = 0, clip = 0, ratio = 0, norm = 0, valueLoss = 0, valueClip = 0;
        policy.train();
        for (int[] batch : plan) {
            // Token weights and token count of the whole mini-batch, so its two halves (run at
            // once by DataParallel) add up to the mini-batch's loss and metrics.
            int[] lengths = new int[batch.length];
            double tokens = 0;
            for (int k = 0; k < batch.length; k++) tokens += lengths[k] = r.sequences().get(batch[k]).completion().length;
            double[] perResponse = lossConfig.aggregation().tokenWeights(lengths, lossConfig.maxLength());
            double totalTokens = Math.max(1, tokens);
            int parts = batch.length >= parallel.parts() ? parallel.parts() : 1;
            GrpoLoss.Result[] res = new GrpoLoss.Result[parts];
            double[] vLoss = new double[parts], vClip = new double[parts];
            stage.optimizer().zeroGrad();
            float[] partLosses = parallel.step(parts, p -> {
                int k0 = Parallel.chunkStart(batch.length, parts, p), k1 = Parallel.chunkStart(batch.length, parts, p + 1);
                int[] rows = Arrays.copyOfRange(batch, k0, k1);
                List<Sequence> seqs = new ArrayList<>(rows.length);
                for (int i : rows) seqs.add(r.sequences().get(i));
                Scores sc = scorer.score(seqs, request);
                int len = sc.logProbs().size(1);
                Tensor old = RolloutStage.padded(r.logpOld(), rows, len);
                res[p] = GrpoLoss.compute(sc.logProbs(), sc.mask(), RolloutStage.padded(a.advantages(), rows, len), old, old, lossConfig,
                        Arrays.copyOfRange(perResponse, k0, k1));
                Var total = res[p].loss();
                if (ppo) {
                    ValueHeadLoss.Result v = ValueHeadLoss.compute(sc.values().orElseThrow(), sc.mask(), RolloutStage.padded(oldValues, rows, len),
                            RolloutStage.padded(a.returns(), rows, len), recipe.value().clip(), totalTokens);
                    vLoss[p] = v.loss().item();
                    vClip[p] = v.clipFraction();
                    total = total.add(v.loss().mul((float) recipe.value().coef()));
                }
                return total;
            });
            // This trainer kept no arena before the halves: hand their arrays back to the heap at
            // once (PPO's 60-step recipe ran out of a 1.5 GB heap at step 22 when they were kept).
            parallel.trim();
            double value = 0;
            for (float l : partLosses) value += l;
            loss += value;
            norm += stage.clipAndStep(step, value, ppo ? "PPO" : "REINFORCE++");
            long counted = 0;
            double clipped = 0, ratioSum = 0;
            for (int p = 0; p < parts; p++) {
                pg += res[p].policyLoss();
                counted += res[p].tokens();
                clipped += res[p].clipFraction() * res[p].tokens();
                ratioSum += res[p].ratioMean() * res[p].tokens();
                valueLoss += vLoss[p];
                valueClip += vClip[p];
            }
            clip += counted == 0 ? 0 : clipped / counted;
            ratio += counted == 0 ? 1 : ratioSum / counted;
        }
        policy.eval();
        int n = plan.size();
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("policy/loss", loss / n);
        m.put("policy/pg_loss", pg / n);
        m.put("policy/clip_frac", clip / n);
        m.put("policy/ratio_mean", ratio / n);
        m.put("policy/grad_norm", norm / n);
        m.put("policy/lr", stage.optimizer().learningRate(0));
        if (ppo) {
            m.put("value/loss", valueLoss / n);
            m.put("value/clip_frac", valueClip / n);
        }
        return m;
    }

    /** Mean value and return over response tokens, and the explained variance 1 - Var(Ret - V) / Var(Ret). */
    private static Map<String, Double> valueMetrics(float[][] values, float[][] returns) {
        double sv = 0, sr = 0, srr = 0, sd = 0, sdd = 0;
        long n = 0;
        for (int i = 0; i < values.length; i++)
            for (int t = 0; t < values[i].length; t++) {
                double v = values[i][t], ret = returns[i][t], d = ret - v;
                sv += v;
                sr += ret;
                srr += ret * ret;
                sd += d;
                sdd += d * d;
                n++;
            }
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("value/mean", sv / n);
        m.put("value/return_mean", sr / n);
        double varRet = srr / n - (sr / n) * (sr / n), varDiff = sdd / n - (sd / n) * (sd / n);
        m.put("value/explained_var", varRet > 1e-12 ? 1 - varDiff / varRet : Double.NaN);   // undefined when every return is equal
        return m;
    }
}
