package dev.autodidact.tokenizer;

import java.util.Objects;

/** One BPE merge rule: the adjacent symbols {@code left right} become {@code left + right}. */
public record Merge(String left, String right) {

    public Merge {
        Objects.requireNonNull(left, "left");
        Objects.requireNonNull(right, "right");
        if (left.isEmpty() || right.isEmpty()) {
            throw new IllegalArgumentException("merge (\"" + left + "\", \"" + right + "\") has an empty symbol");
        }
    }

    /** The symbol this merge produces. */
    public String merged() {
        return left + right;
    }

    @Override
    public String toString() {
        return left + " " + right;
    }
}
