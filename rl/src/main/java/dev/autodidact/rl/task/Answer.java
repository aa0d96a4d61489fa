package dev.autodidact.rl.task;

import dev.autodidact.rl.math.Rational;

/**
 * The answer extracted from one response: a valid value, no answer at all, or an answer that
 * is present but cannot be read. The last two are the {@code NULL} of algorithms-text §0.9 and
 * are never equal to anything, not even to each other.
 */
public sealed interface Answer permits Answer.Valid, Answer.Missing, Answer.Malformed {

    /** A readable answer: the text between the answer tags and its exact value. */
    record Valid(String text, Rational value) implements Answer {}

    /** No {@code <ans>…</ans>} pair in the response. */
    record Missing() implements Answer {}

    /** An answer tag pair whose content cannot be read; {@code reason} says why, as a sentence. */
    record Malformed(String text, String reason) implements Answer {}

    default boolean isValid() {
        return this instanceof Valid;
    }

    /** {@code eq(a, b)} of §0.9: both valid and equal as exact rationals. */
    static boolean eq(Answer a, Answer b) {
        return a instanceof Valid va && b instanceof Valid vb && va.value().equals(vb.value());
    }
}
