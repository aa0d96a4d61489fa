package dev.autodidact.rl.task;

/**
 * Answer equivalence used by voting and verifiers, pluggable so that free-form tasks can bring
 * their own (algorithms-text §0.9); our synthetic tasks use {@link #EXACT}.
 */
@FunctionalInterface
public interface Equivalence {

    /** Whether two valid answers mean the same thing. */
    boolean equivalent(Answer.Valid a, Answer.Valid b);

    /** Equality of exact rational values. */
    Equivalence EXACT = (a, b) -> a.value().equals(b.value());

    /** {@code eq} on any answers: NULL (missing or malformed) is never equivalent to anything. */
    default boolean test(Answer a, Answer b) {
        return a instanceof Answer.Valid va && b instanceof Answer.Valid vb && equivalent(va, vb);
    }
}
