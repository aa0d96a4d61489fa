package dev.autodidact.rl.metrics;

import dev.autodidact.rl.task.Answer;
import dev.autodidact.rl.task.Problem;
import dev.autodidact.rl.task.Task;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * The answer-level evaluation metrics of algorithms-text §C.5 over labelled prompts, from
 * generated text alone: {@code acc_greedy}, {@code pass@1} (mean accuracy of the T = 1 samples),
 * unbiased {@code pass@k}, {@code maj@k}, {@code mean_len}, and the NULL-answer rate. Metrics
 * that need the model's distributions (token entropy, self-certainty) come from
 * {@link Confidence} once the policy can score.
 */
public final class Evaluation {
    private Evaluation() {}

    /** One labelled prompt's greedy completion and its n sampled completions. */
    public record PromptResult(Problem problem, String greedy, List<String> samples) {
        public PromptResult {
            samples = List.copyOf(samples);
            if (samples.isEmpty()) throw new IllegalArgumentException("evaluation: prompt " + problem.prompt().id() + " has no samples");
        }
    }

    /**
     * The metrics of one evaluation.
     *
     * @param k        the k of pass@k and maj@k
     * @param nullRate fraction of samples whose answer is missing or malformed
     */
    public record Summary(int prompts, double accGreedy, double passAt1, int k, double passAtK, double majAtK, double meanLength, double nullRate) {

        /** Metric name to value, named as in the reports ({@code pass@8}, {@code maj@8}, ...). */
        public Map<String, Double> asMetrics() {
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("acc_greedy", accGreedy);
            m.put("pass@1", passAt1);
            m.put("pass@" + k, passAtK);
            m.put("maj@" + k, majAtK);
            m.put("mean_len", meanLength);
            m.put("null_rate", nullRate);
            return m;
        }
    }

    /**
     * Evaluates every prompt; every prompt needs at least {@code k} samples. maj@k votes over
     * the first k samples when a prompt has exactly k, else averages {@code 16} seeded k-subsets.
     *
     * @param length response length in tokens (the tokenizer's count; characters will do for tests)
     */
    public static Summary evaluate(Task task, List<PromptResult> results, int k, ToIntFunction<String> length, long seed) {
        if (results.isEmpty()) throw new IllegalArgumentException("evaluation: no prompts");
        boolean[] greedyCorrect = new boolean[results.size()];
        boolean[][] sampleCorrect = new boolean[results.size()][];
        int[] n = new int[results.size()], c = new int[results.size()];
        double maj = 0;
        long lengthSum = 0, samples = 0, nulls = 0;
        for (int j = 0; j < results.size(); j++) {
            PromptResult r = results.get(j);
            Problem p = r.problem();
            if (r.samples().size() < k)
                throw new IllegalArgumentException("evaluation: prompt " + p.prompt().id() + " has " + r.samples().size() + " samples, fewer than k = " + k);
            greedyCorrect[j] = task.isCorrect(p, task.extract(p.prompt(), r.greedy()));
            List<Answer> answers = new ArrayList<>();
            sampleCorrect[j] = new boolean[r.samples().size()];
            for (int i = 0; i < r.samples().size(); i++) {
                String s = r.samples().get(i);
                Answer a = task.extract(p.prompt(), s);
                answers.add(a);
                sampleCorrect[j][i] = task.isCorrect(p, a);
                if (sampleCorrect[j][i]) c[j]++;
                if (!a.isValid()) nulls++;
                lengthSum += length.applyAsInt(s);
                samples++;
            }
            n[j] = r.samples().size();
            maj += MajAtK.estimate(answers, sampleCorrect[j], k, task.equivalence(), 16, seed + j);
        }
        return new Summary(results.size(), Accuracy.fraction(greedyCorrect), Accuracy.passAt1(sampleCorrect), k, PassAtK.mean(n, c, k),
                maj / results.size(), (double) lengthSum / samples, (double) nulls / samples);
    }
}
