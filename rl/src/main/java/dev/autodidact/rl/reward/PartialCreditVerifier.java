package dev.autodidact.rl.reward;

import dev.autodidact.rl.task.Answer;
import dev.autodidact.rl.task.Task;

/**
 * The TinyZero-style Countdown reward used for "Cognitive Behaviors that Enable
 * Self-Improving Reasoners" (algorithms-text §15.j): 1 for a correct answer, {@code credit}
 * (0.1) when an answer tag is present but the answer is wrong or unusable, 0 when there is no
 * answer tag.
 */
public final class PartialCreditVerifier implements Verifier {
    private final Task task;
    private final double credit;

    public PartialCreditVerifier(Task task, double credit) {
        if (!(credit >= 0 && credit <= 1)) throw new IllegalArgumentException("PartialCreditVerifier: credit must be in [0, 1], got " + credit);
        this.task = task;
        this.credit = credit;
    }

    @Override
    public String name() {
        return "partial_credit";
    }

    @Override
    public double[] rewards(LabelledGroup g) {
        double[] r = new double[g.size()];
        for (int i = 0; i < r.length; i++) {
            Answer a = g.group().answers().get(i);
            r[i] = task.isCorrect(g.problem(), a) ? 1 : a instanceof Answer.Missing ? 0 : credit;
        }
        return r;
    }
}
