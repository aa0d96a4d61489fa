package dev.autodidact.rl.reward;

import dev.autodidact.rl.math.Rational;
import dev.autodidact.rl.task.Answer;

/**
 * The "continuous" reward arm of "Reasoning or Memorization?" in the form of
 * algorithms-text §15.k: {@code r = 1 - min(|ans - truth| / (|truth| + 1), 1)}, 0 for a NULL
 * answer. Computed exactly, converted to double at the end. For numeric-answer tasks only.
 */
public final class ContinuousNumericVerifier implements Verifier {

    @Override
    public String name() {
        return "continuous";
    }

    @Override
    public double[] rewards(LabelledGroup g) {
        Rational truth = Rational.parse(g.problem().gold()).orElseThrow(() -> new IllegalArgumentException(
                "continuous reward: gold answer '" + g.problem().gold() + "' of " + g.problem().prompt().id() + " is not a number"));
        double[] r = new double[g.size()];
        for (int i = 0; i < r.length; i++) {
            if (!(g.group().answers().get(i) instanceof Answer.Valid v)) continue;
            Rational rel = v.value().subtract(truth).abs().divide(truth.abs().add(Rational.ONE));
            r[i] = rel.compareTo(Rational.ONE) >= 0 ? 0 : Rational.ONE.subtract(rel).toDouble();
        }
        return r;
    }
}
