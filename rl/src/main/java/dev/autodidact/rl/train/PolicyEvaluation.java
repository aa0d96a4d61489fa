package dev.autodidact.rl.train;

import dev.autodidact.autograd.NoGrad;
import dev.autodidact.rl.math.SplitMix64;
import dev.autodidact.rl.metrics.Evaluation;
import dev.autodidact.rl.task.Problem;
import dev.autodidact.rl.task.Split;
import dev.autodidact.rl.task.Task;
import dev.autodidact.tokenizer.Tokenizer;
import dev.autodidact.transformer.Transformer;
import dev.autodidact.transformer.infer.Sample;
import dev.autodidact.transformer.infer.Sampler;
import dev.autodidact.transformer.infer.SamplingConfig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Held-out evaluation of a policy on a labelled split (algorithms-text §C.5): one greedy
 * completion and n samples at T = 1 per prompt give acc_greedy, pass@1, pass@k, maj@k, mean
 * length (tokens), the NULL rate, the mean token entropy and self-certainty of the samples, and
 * the calibration (ECE, Brier, AUROC) of the confidences the policy produces: the majority vote's
 * share, and each sample's mean token probability and self-certainty ({@link Evaluation}). The
 * problems are a fixed function of the task and split, so every arm and seed is scored on the
 * same prompts.
 */
public final class PolicyEvaluation {
    /** Seed of the evaluation problems: the same for every run, so arms compare on the same prompts. */
    static final long PROBLEM_SEED = 0xE7A1L;

    private PolicyEvaluation() {}

    /**
     * Metrics named {@code eval/<taskName>/<split>/<metric>}: {@code acc_greedy}, {@code pass@1},
     * {@code pass@k}, {@code maj@k}, {@code mean_len}, {@code null_rate}, the confidence metrics of
     * {@link Evaluation.Summary} ({@code self_certainty}, {@code ece_vote}, {@code auroc_token_prob} ...) and {@code entropy}.
     *
     * @param samples n, completions per prompt at T = 1
     * @param k       the k of pass@k and maj@k (k <= n)
     */
    public static Map<String, Double> evaluate(Transformer model, Tokenizer tokenizer, Task task, String taskName, Split split, int prompts, int samples, int k,
                                               int maxNewTokens, long seed) {
        List<Problem> problems = task.generate(split, prompts, PROBLEM_SEED);
        int eos = tokenizer.specialId("<eos>");
        Sampler sampler = new Sampler(model, Optional.of(tokenizer));
        List<int[]> greedyPrompts = new ArrayList<>(), samplePrompts = new ArrayList<>();
        long[] keys = new long[problems.size() * samples];
        for (int j = 0; j < problems.size(); j++) {
            int[] ids = tokenizer.encode(task.renderPrompt(problems.get(j).prompt()));
            greedyPrompts.add(ids);
            for (int i = 0; i < samples; i++) {
                samplePrompts.add(ids);
                keys[j * samples + i] = SplitMix64.hash(seed, j, i);
            }
        }
        List<Sample> greedy, sampled;
        model.eval();
        try (var ng = NoGrad.enter()) {
            greedy = sampler.sample(greedyPrompts, SamplingConfig.greedy(maxNewTokens, eos));
            sampled = sampler.sample(samplePrompts, keys,
                    SamplingConfig.builder().temperature(1f).maxNewTokens(maxNewTokens).stopTokens(eos).seed(seed).build());
        }
        List<SampleConfidence> confidence = SampleConfidence.of(model, tokenizer.specialId("<pad>"), sampled);
        Map<String, Integer> lengths = new java.util.HashMap<>();
        List<Evaluation.PromptResult> results = new ArrayList<>();
        double entropy = 0;
        long tokens = 0;
        for (int j = 0; j < problems.size(); j++) {
            List<String> texts = new ArrayList<>(samples);
            double[] tokenProb = new double[samples], certainty = new double[samples];
            for (int i = 0; i < samples; i++) {
                Sample s = sampled.get(j * samples + i);
                texts.add(s.text());
                lengths.put(s.text(), s.tokens().length);
                for (float e : s.entropies()) entropy += e;
                tokens += s.tokens().length;
                tokenProb[i] = confidence.get(j * samples + i).tokenProb();
                certainty[i] = confidence.get(j * samples + i).selfCertainty();
            }
            results.add(new Evaluation.PromptResult(problems.get(j), greedy.get(j).text(), texts,
                    Optional.of(new Evaluation.SampleScores(tokenProb, certainty))));
        }
        Evaluation.Summary summary = Evaluation.evaluate(task, results, k, t -> lengths.getOrDefault(t, tokenizer.encode(t).length), seed);
        String prefix = "eval/" + taskName + "/" + split.name().toLowerCase(Locale.ROOT) + "/";
        Map<String, Double> m = new LinkedHashMap<>();
        summary.asMetrics().forEach((name, v) -> m.put(prefix + name, v));
        m.put(prefix + "entropy", tokens == 0 ? 0 : entropy / tokens);
        return m;
    }
}
