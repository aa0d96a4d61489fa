package dev.autodidact.tokenizer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * HuggingFace {@code tokenizer.json} files: read into a {@link Tokenizer}, written from one.
 *
 * <p>Readable: BPE models with the ByteLevel pre-tokenizer (alone, or after a regex Split as in
 * Llama 3 and Qwen) and ByteLevel decoder, {@code merges} as {@code "a b"} strings or
 * {@code ["a", "b"]} pairs, {@code added_tokens}, no normalizer or NFC; and the character-level
 * form this class writes for a {@link CharTokenizer}. Anything else (a Unigram or WordPiece model,
 * another normalizer, BPE dropout...) is refused with a {@link TokenizerFormatException} naming
 * the field and its value, rather than read into a tokenizer that would give different ids.
 * Post-processors, truncation and padding are accepted and not applied: see {@link BpeTokenizer}.
 */
public final class TokenizerJson {

    /** How {@code model.merges} is written. */
    public enum MergeFormat {
        /** {@code ["Ġ", "t"]}: tokenizers 0.20 and later; holds any symbol. */
        PAIRS,
        /** {@code "Ġ t"}: the older form, readable by every version; symbols must not contain a space. */
        STRINGS
    }

    private TokenizerJson() {
    }

    /**
     * Reads {@code path}.
     *
     * @throws TokenizerFormatException naming the file and the problem, when the file is malformed or
     *     describes a tokenizer that cannot be represented
     */
    public static Tokenizer read(Path path) throws IOException {
        String json = Files.readString(path, StandardCharsets.UTF_8);
        try {
            return TokenizerJsonReader.parse(json);
        } catch (TokenizerFormatException e) {
            throw new TokenizerFormatException(path + ": " + e.getMessage(), e);
        }
    }

    /** Reads {@code path}, which must hold a byte-level BPE tokenizer. */
    public static BpeTokenizer readBpe(Path path) throws IOException {
        Tokenizer tokenizer = read(path);
        if (tokenizer instanceof BpeTokenizer bpe) {
            return bpe;
        }
        throw new TokenizerFormatException(path + ": holds a character-level tokenizer (no pre_tokenizer), not byte-level BPE");
    }

    /** Parses tokenizer.json text. */
    public static Tokenizer parse(String json) {
        return TokenizerJsonReader.parse(json);
    }

    /** tokenizer.json text for {@code tokenizer}, merges as pairs. */
    public static String toJson(Tokenizer tokenizer) {
        return toJson(tokenizer, MergeFormat.PAIRS);
    }

    /** tokenizer.json text for {@code tokenizer}, merges in {@code format}. */
    public static String toJson(Tokenizer tokenizer, MergeFormat format) {
        return TokenizerJsonWriter.write(tokenizer, format);
    }

    /** Writes {@code tokenizer} to {@code path} (merges as pairs), replacing it atomically. */
    public static void write(Tokenizer tokenizer, Path path) throws IOException {
        write(tokenizer, path, MergeFormat.PAIRS);
    }

    /**
     * Writes {@code tokenizer} to {@code path}: to a temporary file beside it first, then moved
     * over it, so a crash never leaves a half-written tokenizer behind.
     */
    public static void write(Tokenizer tokenizer, Path path, MergeFormat format) throws IOException {
        writeAtomically(path, toJson(tokenizer, format));
    }

    static void writeAtomically(Path path, String text) throws IOException {
        Path absolute = path.toAbsolutePath();
        Path temp = Files.createTempFile(absolute.getParent(), absolute.getFileName().toString(), ".tmp");
        try {
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            try {
                Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
