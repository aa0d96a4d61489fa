package dev.autodidact.tokenizer;

/**
 * A tokenizer file that cannot be read faithfully: malformed, inconsistent, or describing a
 * tokenizer this module cannot represent. The message names the file (when there is one), the
 * field and the offending value.
 */
public final class TokenizerFormatException extends RuntimeException {

    public TokenizerFormatException(String message) {
        super(message);
    }

    public TokenizerFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
