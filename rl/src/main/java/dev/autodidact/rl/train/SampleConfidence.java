package dev.autodidact.rl.train;

import dev.autodidact.autograd.NoGrad;
import dev.autodidact.transformer.Transformer;
import dev.autodidact.transformer.infer.Sample;
import dev.autodidact.transformer.score.ScoreRequest;
import dev.autodidact.transformer.score.Scorer;
import dev.autodidact.transformer.score.Scores;
import dev.autodidact.transformer.score.Sequence;

import java.util.ArrayList;
import java.util.List;

/**
 * How sure a policy was of each of its samples (algorithms-text §0.11, §3.1), per sample averaged
 * over its tokens under the raw model (T = 1, no filters): the log-probability, the probability,
 * the entropy, and the self-certainty KL(U || p_t). The first three come with the sample; the
 * self-certainty needs every log-probability of each step's distribution, so the samples are
 * scored again by the {@link Scorer}, without gradients and in chunks.
 *
 * @param meanLogProb   (1/T) Σ_t log p(y_t): the length-normalised log-likelihood
 * @param tokenProb     (1/T) Σ_t p(y_t), in [0, 1]: a confidence that calibration metrics accept
 * @param entropy       (1/T) Σ_t H_t, nats
 * @param selfCertainty (1/T) Σ_t KL(U || p_t); 0 for a uniform policy
 */
public record SampleConfidence(double meanLogProb, double tokenProb, double entropy, double selfCertainty) {
    /** Sequences scored per forward pass: bounds the [N, L, V] log-softmax held at once. */
    static final int CHUNK = 64;

    /** The confidences of each sample (an empty completion has all four 0). */
    public static List<SampleConfidence> of(Transformer model, int padId, List<Sample> samples) {
        List<SampleConfidence> out = new ArrayList<>(samples.size());
        model.eval();
        try (var ng = NoGrad.enter()) {
            Scorer scorer = new Scorer(model, padId);
            for (int start = 0; start < samples.size(); start += CHUNK) {
                List<Sample> chunk = samples.subList(start, Math.min(samples.size(), start + CHUNK));
                Scores scores = scorer.score(chunk.stream().map(s -> new Sequence(s.prompt(), s.tokens())).toList(), ScoreRequest.logProbs().withSelfCertainty());
                for (int i = 0; i < chunk.size(); i++) out.add(of(chunk.get(i), scores.selfCertainty(i)));
            }
        }
        return out;
    }

    /** One sample's averages, given its per-token self-certainty. */
    static SampleConfidence of(Sample s, float[] selfCertainty) {
        int t = s.tokens().length;
        if (selfCertainty.length != t) throw new IllegalArgumentException("sample confidence: " + t + " tokens but " + selfCertainty.length + " self-certainties");
        if (t == 0) return new SampleConfidence(0, 0, 0, 0);
        double logp = 0, p = 0, h = 0, sc = 0;
        for (int i = 0; i < t; i++) {
            logp += s.rawLogProbs()[i];
            p += Math.min(1, Math.exp(s.rawLogProbs()[i]));   // float rounding can put a sure token's log-prob a hair above 0
            h += s.entropies()[i];
            sc += selfCertainty[i];
        }
        return new SampleConfidence(logp / t, p / t, h / t, sc / t);
    }
}
