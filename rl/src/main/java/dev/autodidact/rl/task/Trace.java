package dev.autodidact.rl.task;

import java.util.List;

/**
 * A chain-of-thought demonstration for supervised fine-tuning: the steps, the final answer it
 * reaches, and how many steps a noisy teacher corrupted (0 for a correct trace).
 */
public record Trace(List<String> steps, String answer, int corruptedSteps) {
    public Trace {
        steps = List.copyOf(steps);
        if (corruptedSteps < 0 || corruptedSteps > steps.size())
            throw new IllegalArgumentException("Trace: " + corruptedSteps + " corrupted steps out of " + steps.size());
    }

    /** The response text in the shared format, ending with {@code <eos>}. */
    public String text() {
        return Format.response(steps, answer);
    }
}
