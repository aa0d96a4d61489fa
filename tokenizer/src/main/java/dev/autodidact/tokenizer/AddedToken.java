package dev.autodidact.tokenizer;

import java.util.Objects;

/**
 * A vocabulary entry matched in raw text before pre-tokenization and never split, as in
 * tokenizer.json's {@code added_tokens}; {@code special} ones (markers) can be skipped when decoding.
 */
public record AddedToken(int id, String content, boolean special) {

    public AddedToken {
        Objects.requireNonNull(content, "content");
        if (content.isEmpty()) {
            throw new IllegalArgumentException("added token with id " + id + " has empty content");
        }
        if (id < 0) {
            throw new IllegalArgumentException("added token " + content + " has negative id " + id);
        }
    }
}
