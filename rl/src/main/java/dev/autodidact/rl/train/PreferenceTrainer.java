package dev.autodidact.rl.train;

import dev.autodidact.autograd.NoGrad;
import dev.autodidact.rl.data.MiniBatches;
import dev.autodidact.rl.experiment.Recipe;
import dev.autodidact.rl.math.SplitMix64;
import dev.autodidact.tokenizer.Tokenizer;
import dev.autodidact.transformer.Transformer;
import dev.autodidact.transformer.infer.Sample;
import dev.autodidact.transformer.score.ScoreRequest;
import dev.autodidact.transformer.score.Scorer;
import dev.autodidact.transformer.score.Scores;
import dev.autodidact.transformer.score.Sequence;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Online DPO and IPO (algorithms-text §0.6; "Self-Rewarding Language Models" style): sample a
 * group per prompt with the current policy, score it with the recipe's reward (the majority vote
 * for the label-free variant, the verifier for the supervised one), pair the best against the
 * worst sample of each group ({@link PreferencePairs}), and take {@code optimisation.epochs}
 * passes of {@link PreferenceLoss} over mini-batches of pairs, with sequence log-prob sums of the
 * policy (with gradients) and of the frozen reference. Metrics are {@code dpo/*} or {@code ipo/*}.
 */
public final class PreferenceTrainer extends StagedTrainer {
    private final Recipe recipe;
    private final Transformer reference;
    private final int pad;
    private final PreferenceLoss.Kind kind;
    private final String prefix;

    PreferenceTrainer(Recipe recipe, RolloutStage stage, Transformer reference, Tokenizer tokenizer) {
        super(stage);
        this.recipe = recipe;
        this.reference = reference;
        this.pad = tokenizer.specialId("<pad>");
        this.kind = switch (recipe.method().algorithm()) {
            case DPO -> PreferenceLoss.Kind.DPO;
            case IPO -> PreferenceLoss.Kind.IPO;
            default -> throw new IllegalArgumentException("PreferenceTrainer: method.algorithm is " + recipe.method().algorithm() + ", not dpo or ipo");
        };
        this.prefix = kind.name().toLowerCase(Locale.ROOT) + "/";
    }

    @Override
    public GrpoTrainer.StepResult step(long step) {
        long t0 = System.nanoTime();
        Rollout r = stage.sample(step);
        long t1 = System.nanoTime();
        PreferencePairs pairs = PreferencePairs.of(r.rewards(), recipe.rollout().samplesPerPrompt());
        List<Sequence> chosen = sequences(r.samples(), pairs.chosen()), rejected = sequences(r.samples(), pairs.rejected());
        double[] refChosen = referenceSums(chosen), refRejected = referenceSums(rejected);
        r = new Rollout(r.problems(), r.samples(), r.groups(), r.rewards(), r.trainIndex(), r.sequences(), r.trainRewards(),
                pairAdvantages(r, pairs), r.logpOld(), r.logpRef());
        long t2 = System.nanoTime();
        Map<String, Double> m = stage.metrics(r);
        m.put(prefix + "pairs", (double) pairs.size());
        m.put(prefix + "pair_fraction", (double) pairs.size() / r.groups().size());
        if (pairs.size() > 0) m.putAll(update(step, chosen, rejected, refChosen, refRejected));
        long t3 = System.nanoTime();
        m.put("time/gen_s", (t1 - t0) / 1e9);
        m.put("time/score_s", (t2 - t1) / 1e9);
        m.put("time/update_s", (t3 - t2) / 1e9);
        m.put("time/step_s", (t3 - t0) / 1e9);
        return new GrpoTrainer.StepResult(r, m, stage.warnings(r, m, m.getOrDefault("policy/loss", 0.0)));
    }

    /** +1 for a chosen sample, -1 for a rejected one, 0 for the rest (what {@code completions.jsonl} shows). */
    private static double[] pairAdvantages(Rollout r, PreferencePairs pairs) {
        double[] bySample = new double[r.samples().size()];
        for (int i : pairs.chosen()) bySample[i] = 1;
        for (int i : pairs.rejected()) bySample[i] = -1;
        double[] out = new double[r.size()];
        for (int k = 0; k < out.length; k++) out[k] = bySample[r.trainIndex()[k]];
        return out;
    }

    private static List<Sequence> sequences(List<Sample> samples, int[] which) {
        List<Sequence> out = new ArrayList<>(which.length);
        for (int i : which) out.add(new Sequence(samples.get(i).prompt(), samples.get(i).tokens()));
        return out;
    }

    /** log pi_ref(y|x) of each sequence, without gradients. */
    private double[] referenceSums(List<Sequence> sequences) {
        double[] out = new double[sequences.size()];
        int chunk = Math.max(1, recipe.optimisation().miniBatchSize());
        reference.eval();
        try (var ng = NoGrad.enter()) {
            Scorer scorer = new Scorer(reference, pad);
            for (int start = 0; start < sequences.size(); start += chunk) {
                int end = Math.min(sequences.size(), start + chunk);
                Scores sc = scorer.score(sequences.subList(start, end), ScoreRequest.logProbs());
                for (int i = start; i < end; i++) out[i] = sc.sequenceLogProb(i - start);
            }
        }
        return out;
    }

    /** Epochs x mini-batches of pairs ({@code mini_batch_size} counts sequences, two per pair). */
    private Map<String, Double> update(long step, List<Sequence> chosen, List<Sequence> rejected, double[] refChosen, double[] refRejected) {
        Recipe.Optimisation o = recipe.optimisation();
        double strength = kind == PreferenceLoss.Kind.DPO ? recipe.preference().beta() : recipe.preference().tau();
        List<int[]> plan = MiniBatches.plan(chosen.size(), 1, Math.max(1, o.miniBatchSize() / 2), o.epochs(), SplitMix64.hash(recipe.run().seed(), step));
        Transformer policy = stage.policy();
        Scorer scorer = new Scorer(policy, pad);
        double loss = 0, norm = 0, margin = 0, accuracy = 0, chosenReward = 0, rejectedReward = 0;
        policy.train();
        for (int[] batch : plan) {
            List<Sequence> seqs = new ArrayList<>(2 * batch.length);
            for (int i : batch) seqs.add(chosen.get(i));
            for (int i : batch) seqs.add(rejected.get(i));
            double[] rc = new double[batch.length], rr = new double[batch.length];
            for (int k = 0; k < batch.length; k++) {
                rc[k] = refChosen[batch[k]];
                rr[k] = refRejected[batch[k]];
            }
            stage.optimizer().zeroGrad();
            Scores sc = scorer.score(seqs, ScoreRequest.logProbs());
            PreferenceLoss.Result res = PreferenceLoss.compute(kind, sc.logProbs(), sc.mask(), rc, rr, strength);
            loss += res.loss().item();
            norm += stage.apply(step, res.loss(), kind.name());
            margin += Arrays.stream(res.margins()).average().orElseThrow();
            accuracy += Arrays.stream(res.margins()).map(h -> h > 0 ? 1 : 0).average().orElseThrow();
            chosenReward += Arrays.stream(res.chosenRewards()).average().orElseThrow();
            rejectedReward += Arrays.stream(res.rejectedRewards()).average().orElseThrow();
        }
        policy.eval();
        int n = plan.size();
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("policy/loss", loss / n);
        m.put(prefix + "loss", loss / n);
        m.put(prefix + "margin", margin / n);
        m.put(prefix + "accuracy", accuracy / n);
        m.put(prefix + "chosen_logratio", chosenReward / n);
        m.put(prefix + "rejected_logratio", rejectedReward / n);
        m.put("policy/grad_norm", norm / n);
        m.put("policy/lr", stage.optimizer().learningRate(0));
        return m;
    }
}
