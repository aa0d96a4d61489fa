package dev.autodidact.rl.reward;

import dev.autodidact.rl.task.Task;

/**
 * The ground-truth reward {@code r = 1[eq(ans(y), gold)]}: 1 for a correct answer, 0 for a wrong,
 * missing or malformed one, checked by the task's exact checker (algorithms-text §0.9; the
 * GT-GRPO control of §C.6).
 */
public final class ExactMatchVerifier implements Verifier {
    private final Task task;

    public ExactMatchVerifier(Task task) {
        this.task = task;
    }

    @Override
    public String name() {
        return "exact_match";
    }

    @Override
    public double[] rewards(LabelledGroup g) {
        double[] r = new double[g.size()];
        for (int i = 0; i < r.length; i++) r[i] = task.isCorrect(g.problem(), g.group().answers().get(i)) ? 1 : 0;
        return r;
    }
}
