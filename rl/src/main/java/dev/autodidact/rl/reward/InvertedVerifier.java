package dev.autodidact.rl.reward;

/**
 * The "inverted" reward arm of "Reasoning or Memorization?" (algorithms-text §15.k):
 * {@code r = 1 - r_inner}, typically around {@link ExactMatchVerifier}; a run with it should
 * get worse, which checks that the training loop follows its reward.
 */
public final class InvertedVerifier implements Verifier {
    private final Verifier inner;

    public InvertedVerifier(Verifier inner) {
        this.inner = inner;
    }

    @Override
    public String name() {
        return "inverted_" + inner.name();
    }

    @Override
    public double[] rewards(LabelledGroup g) {
        double[] r = inner.rewards(g).clone();
        for (int i = 0; i < r.length; i++) r[i] = 1 - r[i];
        return r;
    }
}
