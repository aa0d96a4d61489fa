package dev.autodidact.rl.metrics;

import dev.autodidact.rl.task.Answer;
import dev.autodidact.rl.task.Problem;
import dev.autodidact.rl.task.Task;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToIntFunction;

/**
 * The evaluation metrics of algorithms-text §C.5 over labelled prompts. From generated text
 * alone: {@code acc_greedy}, {@code pass@1} (mean accuracy of the T = 1 samples), unbiased
 * {@code pass@k}, {@code maj@k}, {@code mean_len}, the NULL-answer rate, and the calibration
 * (§0.12) of the majority vote's confidence, its vote share. When the model's scores of each
 * sample are given ({@link SampleScores}): the mean self-certainty (§3.1) and the calibration of
 * the mean token probability as a sample's confidence of being right, plus the AUROC of
 * self-certainty for the same (it is not a probability, so it has no ECE or Brier score).
 */
public final class Evaluation {
    private Evaluation() {}

    /**
     * What the model says about each of a prompt's n samples (§0.11).
     *
     * @param tokenProb     mean over the sample's tokens of p(token), in [0, 1]
     * @param selfCertainty mean over the sample's tokens of KL(U || p_t)
     */
    public record SampleScores(double[] tokenProb, double[] selfCertainty) {
        public SampleScores {
            if (tokenProb.length != selfCertainty.length)
                throw new IllegalArgumentException("sample scores: " + tokenProb.length + " token probabilities but " + selfCertainty.length + " self-certainties");
            tokenProb = tokenProb.clone();
            selfCertainty = selfCertainty.clone();
        }
    }

    /** One labelled prompt's greedy completion, its n sampled completions, and optionally the model's scores of them. */
    public record PromptResult(Problem problem, String greedy, List<String> samples, Optional<SampleScores> scores) {
        public PromptResult {
            samples = List.copyOf(samples);
            if (samples.isEmpty()) throw new IllegalArgumentException("evaluation: prompt " + problem.prompt().id() + " has no samples");
            if (scores.isPresent() && scores.get().tokenProb().length != samples.size())
                throw new IllegalArgumentException("evaluation: prompt " + problem.prompt().id() + " has " + samples.size() + " samples but "
                        + scores.get().tokenProb().length + " sample scores");
        }

        public PromptResult(Problem problem, String greedy, List<String> samples) {
            this(problem, greedy, samples, Optional.empty());
        }
    }

    /**
     * The metrics of one evaluation.
     *
     * @param k        the k of pass@k and maj@k
     * @param nullRate fraction of samples whose answer is missing or malformed
     * @param confidence the confidence metrics, named as in {@link #asMetrics}: {@code vote_share}, {@code ece_vote},
     *                   {@code brier_vote}, {@code auroc_vote}; with sample scores also {@code token_prob},
     *                   {@code ece_token_prob}, {@code brier_token_prob}, {@code auroc_token_prob}, {@code self_certainty},
     *                   {@code auroc_self_certainty} (an AUROC is absent when every prediction is right or every one wrong)
     */
    public record Summary(int prompts, double accGreedy, double passAt1, int k, double passAtK, double majAtK, double meanLength, double nullRate,
                          Map<String, Double> confidence) {
        public Summary {
            confidence = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(confidence));
        }

        /** Metric name to value, named as in the reports ({@code pass@8}, {@code maj@8}, ...). */
        public Map<String, Double> asMetrics() {
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("acc_greedy", accGreedy);
            m.put("pass@1", passAt1);
            m.put("pass@" + k, passAtK);
            m.put("maj@" + k, majAtK);
            m.put("mean_len", meanLength);
            m.put("null_rate", nullRate);
            m.putAll(confidence);
            return m;
        }
    }

    /**
     * Evaluates every prompt; every prompt needs at least {@code k} samples. maj@k votes over
     * the first k samples when a prompt has exactly k, else averages {@code 16} seeded k-subsets.
     * The vote whose confidence is calibrated is the one over all n samples (the maj@k vote when
     * n = k). Sample scores count only when every prompt has them.
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
        double[] voteShare = new double[results.size()];
        boolean[] voteCorrect = new boolean[results.size()];
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
            MajAtK.Prediction vote = MajAtK.majority(answers, sampleCorrect[j], task.equivalence());
            voteShare[j] = vote.share();
            voteCorrect[j] = vote.correct();
        }
        Map<String, Double> confidence = new LinkedHashMap<>();
        confidence.put("vote_share", mean(voteShare));
        confidence.putAll(Calibration.metrics("vote", voteShare, voteCorrect));
        if (results.stream().allMatch(r -> r.scores().isPresent())) confidence.putAll(sampleConfidence(results, sampleCorrect));
        return new Summary(results.size(), Accuracy.fraction(greedyCorrect), Accuracy.passAt1(sampleCorrect), k, PassAtK.mean(n, c, k),
                maj / results.size(), (double) lengthSum / samples, (double) nulls / samples, confidence);
    }

    /** Every sample as one prediction "this sample is right": its mean token probability and its self-certainty as confidences. */
    private static Map<String, Double> sampleConfidence(List<PromptResult> results, boolean[][] sampleCorrect) {
        int total = 0;
        for (boolean[] c : sampleCorrect) total += c.length;
        double[] tokenProb = new double[total], certainty = new double[total];
        boolean[] correct = new boolean[total];
        int at = 0;
        for (int j = 0; j < results.size(); j++) {
            SampleScores s = results.get(j).scores().orElseThrow();
            for (int i = 0; i < sampleCorrect[j].length; i++, at++) {
                tokenProb[at] = s.tokenProb()[i];
                certainty[at] = s.selfCertainty()[i];
                correct[at] = sampleCorrect[j][i];
            }
        }
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("token_prob", mean(tokenProb));
        m.putAll(Calibration.metrics("token_prob", tokenProb, correct));
        m.put("self_certainty", mean(certainty));
        Calibration.auroc(certainty, correct).ifPresent(a -> m.put("auroc_self_certainty", a));
        return m;
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return s / v.length;
    }
}
