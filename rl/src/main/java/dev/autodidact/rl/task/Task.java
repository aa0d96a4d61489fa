package dev.autodidact.rl.task;

import java.util.List;

/**
 * A procedural task: seeded problem generation per split, prompt rendering, answer extraction
 * and checking, and chain-of-thought traces (correct, and the noisy teacher of
 * algorithms-text §C.4) for the supervised base policy.
 */
public interface Task {

    /** The versioned generator settings. */
    TaskConfig config();

    default String name() {
        return config().name();
    }

    /**
     * {@code count} distinct problems of {@code split}; the same seed gives the same list. Every
     * problem's split is a function of its canonical form, so no problem can appear in two
     * splits, whatever the seeds.
     */
    List<Problem> generate(Split split, int count, long seed);

    /** The split a problem with this canonical form belongs to, by construction. */
    Split splitOf(String canonical, int difficulty);

    /** The model input text in the §C.1 format, e.g. {@code <bos>347+589=}. */
    default String renderPrompt(Prompt prompt) {
        return Format.prompt(prompt.text());
    }

    /** The answer in {@code response}; a missing or unreadable answer is a value, not an exception. */
    Answer extract(Prompt prompt, String response);

    /** Answer equivalence used for voting. */
    default Equivalence equivalence() {
        return Equivalence.EXACT;
    }

    /** Whether {@code answer} solves {@code problem} (uses the gold label: verifiers only). */
    boolean isCorrect(Problem problem, Answer answer);

    /** A correct chain-of-thought trace. */
    Trace trace(Problem problem);

    /**
     * A noisy-teacher trace (§C.4): each step is corrupted with probability {@code epsStep} and
     * the error is carried forward consistently, so the trace reads coherently but its answer is
     * (usually) wrong. Deterministic in (problem, seed).
     */
    Trace noisyTrace(Problem problem, double epsStep, long seed);
}
