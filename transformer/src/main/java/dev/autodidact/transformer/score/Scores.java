package dev.autodidact.transformer.score;

import dev.autodidact.autograd.Var;
import dev.autodidact.tensor.Tensor;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * The scores of a batch of N sequences, aligned on completion tokens: entry [i, j] belongs to
 * completion token j of sequence i; L is the longest completion (at least 1) and {@link #mask}
 * [N, L] is 1 on real tokens. The {@link Var}s carry gradients when scored outside NoGrad, so
 * losses are built from them directly (e.g. Σ mask ⊙ A ⊙ logProbs).
 *
 * @param logProbs         [N, L] log p(token_j | prefix) under the model (T = 1)
 * @param entropy          [N, L] entropy (nats) of the distribution each token was drawn from
 * @param selfCertainty    [N, L] KL(U ‖ p) = −log V − (1/V)·Σ_v log p(v) ("Scalable Best-of-N Selection via Self-Certainty", §3.1)
 * @param nextDistribution [N, V] probabilities of the token after the whole sequence (no gradient)
 * @param hidden           layer → [N, T, C] hidden states over all positions (right-padded to T)
 * @param values           [N, L] value-head output at the position that predicts token j
 */
public record Scores(Var logProbs, Tensor mask, int[] promptLengths, int[] completionLengths, Optional<Var> entropy,
                     Optional<Var> selfCertainty, Optional<Tensor> nextDistribution, Map<Integer, Var> hidden, Optional<Var> values) {

    public int size() { return completionLengths.length; }

    /** Log-probabilities of sequence i's completion tokens. */
    public float[] logProbs(int i) { return row(logProbs, i); }

    public float[] entropy(int i) { return row(entropy.orElseThrow(() -> missing("entropy")), i); }

    public float[] selfCertainty(int i) { return row(selfCertainty.orElseThrow(() -> missing("selfCertainty")), i); }

    /** Mean self-certainty over sequence i's completion (0 for an empty completion). */
    public double meanSelfCertainty(int i) {
        float[] s = selfCertainty(i);
        double sum = 0;
        for (float v : s) sum += v;
        return s.length == 0 ? 0 : sum / s.length;
    }

    /** Σ log p over sequence i's completion. */
    public double sequenceLogProb(int i) {
        double s = 0;
        for (float v : logProbs(i)) s += v;
        return s;
    }

    public float[] nextDistribution(int i) {
        Tensor d = nextDistribution.orElseThrow(() -> missing("nextDistribution"));
        return d.select(0, i).toArray();
    }

    public float[] values(int i) { return row(values.orElseThrow(() -> missing("values")), i); }

    /** Hidden state of {@code layer} for sequence i: [prompt + completion length, C]. */
    public Tensor hidden(int layer, int i) {
        Var h = hidden.get(layer);
        if (h == null) throw new IllegalStateException("scores: hidden layer " + layer + " was not requested (have " + hidden.keySet() + ")");
        return h.value().select(0, i).narrow(0, 0, promptLengths[i] + completionLengths[i]).contiguous();
    }

    private float[] row(Var v, int i) {
        return Arrays.copyOf(v.value().select(0, i).contiguous().toArray(), completionLengths[i]);
    }

    private static IllegalStateException missing(String what) {
        return new IllegalStateException("scores: " + what + " was not requested in the ScoreRequest");
    }
}
