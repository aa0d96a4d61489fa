package dev.autodidact.rl.train;

import dev.autodidact.autograd.Var;
import dev.autodidact.rl.data.MiniBatches;
import dev.autodidact.rl.data.RejectionSampling;
import dev.autodidact.rl.experiment.Recipe;
import dev.autodidact.rl.math.SplitMix64;
import dev.autodidact.rl.reward.Group;
import dev.autodidact.tokenizer.Tokenizer;
import dev.autodidact.transformer.Transformer;
import dev.autodidact.transformer.infer.Sample;
import dev.autodidact.transformer.score.ScoreRequest;
import dev.autodidact.transformer.score.Scorer;
import dev.autodidact.transformer.score.Scores;
import dev.autodidact.transformer.score.Sequence;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rejection-sampling fine-tuning, online (algorithms-text §0.7, STaR / ReST-EM): each step
 * samples a group per prompt, keeps the samples whose reward reaches {@code rejection.threshold}
 * (distinct texts, at most {@code rejection.max_kept} per prompt; {@link RejectionSampling}), and
 * takes {@code optimisation.epochs} passes of the token-mean NLL of the kept responses (response
 * tokens only; the prompt is context) over mini-batches. With the verifier's reward this is
 * ReST-EM's E-step filter; with the majority vote it keeps the answers that agree with the
 * group, without labels. Unlike ReST-EM it continues from the current policy rather than
 * restarting from the base each iteration.
 */
public final class RejectionSamplingTrainer extends StagedTrainer {
    private final Recipe recipe;
    private final int pad;

    RejectionSamplingTrainer(Recipe recipe, RolloutStage stage, Tokenizer tokenizer) {
        super(stage);
        this.recipe = recipe;
        this.pad = tokenizer.specialId("<pad>");
    }

    @Override
    public GrpoTrainer.StepResult step(long step) {
        long t0 = System.nanoTime();
        Rollout r = stage.sample(step);
        long t1 = System.nanoTime();
        int s = recipe.rollout().samplesPerPrompt();
        List<Sequence> kept = new ArrayList<>();
        double[] keptMark = new double[r.samples().size()];
        int promptsWithKept = 0;
        for (int j = 0; j < r.groups().size(); j++) {
            Group group = r.groups().get(j);
            int[] keep = RejectionSampling.keep(group.completions(), r.rewards().get(j).total(), recipe.rejection().threshold(), recipe.rejection().maxKept());
            if (keep.length > 0) promptsWithKept++;
            for (int i : keep) {
                Sample sample = r.samples().get(j * s + i);
                kept.add(new Sequence(sample.prompt(), sample.tokens()));
                keptMark[j * s + i] = 1;
            }
        }
        double[] advantages = new double[r.size()];
        for (int k = 0; k < advantages.length; k++) advantages[k] = keptMark[r.trainIndex()[k]];   // 1 = trained on
        r = new Rollout(r.problems(), r.samples(), r.groups(), r.rewards(), r.trainIndex(), r.sequences(), r.trainRewards(), advantages,
                r.logpOld(), r.logpRef());
        long t2 = System.nanoTime();
        Map<String, Double> m = stage.metrics(r);
        m.put("rft/kept", (double) kept.size());
        m.put("rft/kept_fraction", (double) kept.size() / r.samples().size());
        m.put("rft/prompts_with_kept", (double) promptsWithKept / r.groups().size());
        if (!kept.isEmpty()) m.putAll(update(step, kept));
        long t3 = System.nanoTime();
        m.put("time/gen_s", (t1 - t0) / 1e9);
        m.put("time/score_s", (t2 - t1) / 1e9);
        m.put("time/update_s", (t3 - t2) / 1e9);
        m.put("time/step_s", (t3 - t0) / 1e9);
        return new GrpoTrainer.StepResult(r, m, stage.warnings(r, m, m.getOrDefault("policy/loss", 0.0)));
    }

    private Map<String, Double> update(long step, List<Sequence> kept) {
        Recipe.Optimisation o = recipe.optimisation();
        List<int[]> plan = MiniBatches.plan(kept.size(), 1, o.miniBatchSize(), o.epochs(), SplitMix64.hash(recipe.run().seed(), step));
        Transformer policy = stage.policy();
        Scorer scorer = new Scorer(policy, pad);
        double loss = 0, norm = 0;
        policy.train();
        for (int[] batch : plan) {
            List<Sequence> seqs = new ArrayList<>(batch.length);
            for (int i : batch) seqs.add(kept.get(i));
            stage.optimizer().zeroGrad();
            Scores sc = scorer.score(seqs, ScoreRequest.logProbs());
            Var nll = nll(sc.logProbs(), sc.mask());
            loss += nll.item();
            norm += stage.apply(step, nll, "RFT NLL");
        }
        policy.eval();
        int n = plan.size();
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("policy/loss", loss / n);
        m.put("rft/nll", loss / n);
        m.put("policy/grad_norm", norm / n);
        m.put("policy/lr", stage.optimizer().learningRate(0));
        return m;
    }

    /** Token-mean negative log-likelihood of the response tokens: -sum(mask * logp) / sum(mask). */
    static Var nll(Var logp, dev.autodidact.tensor.Tensor mask) {
        double tokens = 0;
        for (float x : mask.contiguous().toArray()) tokens += x;
        if (tokens == 0) throw new IllegalArgumentException("RFT: the kept responses hold no token");
        return logp.mul(Var.constant(mask)).sum().mul((float) (-1 / tokens));
    }
}
