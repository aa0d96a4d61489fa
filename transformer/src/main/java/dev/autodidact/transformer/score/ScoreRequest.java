package dev.autodidact.transformer.score;

import java.util.Set;

/**
 * What to compute besides the completion tokens' log-probabilities (always computed): per-token
 * entropy, per-token self-certainty KL(U ‖ p), the next-token distribution after the last token,
 * hidden states of some layers (0 = embeddings … layers = last block), value-head outputs.
 */
public record ScoreRequest(boolean entropy, boolean selfCertainty, boolean nextDistribution, Set<Integer> hiddenLayers, boolean values) {

    public ScoreRequest {
        hiddenLayers = Set.copyOf(hiddenLayers);
    }

    /** Only log-probabilities. */
    public static ScoreRequest logProbs() {
        return new ScoreRequest(false, false, false, Set.of(), false);
    }

    /** Log-probabilities, entropies and self-certainty. */
    public static ScoreRequest uncertainty() {
        return new ScoreRequest(true, true, false, Set.of(), false);
    }

    public ScoreRequest withEntropy() { return new ScoreRequest(true, selfCertainty, nextDistribution, hiddenLayers, values); }
    public ScoreRequest withSelfCertainty() { return new ScoreRequest(entropy, true, nextDistribution, hiddenLayers, values); }
    public ScoreRequest withNextDistribution() { return new ScoreRequest(entropy, selfCertainty, true, hiddenLayers, values); }
    public ScoreRequest withHidden(Integer... layers) { return new ScoreRequest(entropy, selfCertainty, nextDistribution, Set.of(layers), values); }
    public ScoreRequest withValues() { return new ScoreRequest(entropy, selfCertainty, nextDistribution, hiddenLayers, true); }
}
