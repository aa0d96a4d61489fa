package dev.autodidact.rl.reward;

import dev.autodidact.rl.task.Answer;
import dev.autodidact.rl.task.Problem;

/**
 * A reward that uses the gold label. Only the supervised baseline and evaluation may use one;
 * it is deliberately not a {@link SelfReward}, so it cannot be passed where a label-free
 * reward is expected.
 */
public interface Verifier {

    /** A short metric name, e.g. {@code exact_match}. */
    String name();

    /** One reward per completion of the group, in order. */
    double[] rewards(LabelledGroup group);

    /** How one completion is scored against the gold problem. */
    @FunctionalInterface
    interface PerSample {
        double reward(Problem problem, String completion, Answer answer);
    }

    /** A verifier that scores each completion on its own. */
    static Verifier perSample(String name, PerSample score) {
        return new Verifier() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public double[] rewards(LabelledGroup g) {
                double[] r = new double[g.size()];
                for (int i = 0; i < r.length; i++) r[i] = score.reward(g.problem(), g.group().completions().get(i), g.group().answers().get(i));
                return r;
            }
        };
    }

    /** A label-free reward used inside a supervised mix (a format bonus, say); it ignores the label. */
    static Verifier ignoringLabels(SelfReward reward) {
        return new Verifier() {
            @Override
            public String name() {
                return reward.name();
            }

            @Override
            public double[] rewards(LabelledGroup g) {
                return reward.rewards(g.group());
            }
        };
    }
}
