package dev.autodidact.rl.task;

/**
 * A prompt together with its gold answer. Only verifiers (the supervised baseline and
 * evaluation) receive a {@code Problem}; label-free rewards receive the {@link Prompt} alone.
 *
 * @param prompt the label-free part
 * @param gold   the gold answer in answer syntax (a number for ADD and RANDCALC, one valid
 *               expression for COUNTDOWN)
 */
public record Problem(Prompt prompt, String gold) {
    public Problem {
        if (gold.isEmpty()) throw new IllegalArgumentException("Problem " + prompt.id() + ": the gold answer is empty");
    }
}
