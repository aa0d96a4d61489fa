package dev.autodidact.tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Splits plain text into the words that byte-level BPE merges within (merges never cross a word
 * boundary), the way a tokenizer.json {@code pre_tokenizer} of the ByteLevel family does.
 *
 * <p>Three shapes are representable, matching what GPT-2, Llama 3 and Qwen files use:
 * {@link Style#BYTE_LEVEL} ({@code ByteLevel} with its built-in GPT-2 pattern),
 * {@link Style#SPLIT_THEN_BYTE_LEVEL} ({@code Sequence[Split(Regex, Isolated), ByteLevel]}) and
 * {@link Style#WHOLE} ({@code ByteLevel} without a pattern: each plain run is one word).
 * Patterns are compiled with {@link Pattern#UNICODE_CHARACTER_CLASS} because the Rust and Python
 * engines these patterns were written for read {@code \s} as Unicode whitespace.
 */
public final class PreTokenizer {

    /** GPT-2's pattern: contractions, letter runs, digit runs, other runs, and whitespace. */
    public static final String GPT2_PATTERN =
            "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";

    /** How the split is written in tokenizer.json. */
    public enum Style {
        /** {@code {"type": "ByteLevel", "use_regex": true}}: the GPT-2 pattern. */
        BYTE_LEVEL,
        /** {@code Sequence[Split{pattern: {Regex}, behavior: Isolated}, ByteLevel{use_regex: false}]}. */
        SPLIT_THEN_BYTE_LEVEL,
        /** {@code {"type": "ByteLevel", "use_regex": false}}: no split. */
        WHOLE
    }

    private final Style style;
    private final String pattern;
    private final boolean addPrefixSpace;
    private final boolean trimOffsets;
    private final Pattern compiled;

    private PreTokenizer(Style style, String pattern, boolean addPrefixSpace, boolean trimOffsets) {
        this.style = Objects.requireNonNull(style);
        this.pattern = Objects.requireNonNull(pattern);
        this.addPrefixSpace = addPrefixSpace;
        this.trimOffsets = trimOffsets;
        this.compiled = style == Style.WHOLE ? null : compile(pattern);
    }

    /** GPT-2's pre-tokenizer: the GPT-2 pattern, no prefix space. */
    public static PreTokenizer gpt2() {
        return new PreTokenizer(Style.BYTE_LEVEL, GPT2_PATTERN, false, true);
    }

    /** {@code ByteLevel} with the GPT-2 pattern and the given flags. */
    public static PreTokenizer byteLevel(boolean addPrefixSpace, boolean trimOffsets) {
        return new PreTokenizer(Style.BYTE_LEVEL, GPT2_PATTERN, addPrefixSpace, trimOffsets);
    }

    /**
     * A regex split followed by {@code ByteLevel} without a pattern.
     *
     * @throws IllegalArgumentException quoting the pattern, when Java's regex engine rejects it
     */
    public static PreTokenizer split(String regex, boolean addPrefixSpace, boolean trimOffsets) {
        return new PreTokenizer(Style.SPLIT_THEN_BYTE_LEVEL, regex, addPrefixSpace, trimOffsets);
    }

    /** {@code ByteLevel} without a pattern: each run of plain text is a single word. */
    public static PreTokenizer whole(boolean addPrefixSpace, boolean trimOffsets) {
        return new PreTokenizer(Style.WHOLE, "", addPrefixSpace, trimOffsets);
    }

    public Style style() {
        return style;
    }

    /** The split pattern; empty for {@link Style#WHOLE}. */
    public String pattern() {
        return pattern;
    }

    /** Whether a space is put before a plain run that does not start with one (GPT-2 " word" style). */
    public boolean addPrefixSpace() {
        return addPrefixSpace;
    }

    /** Kept only to write the file back: offsets are not tracked here, so it changes no ids. */
    public boolean trimOffsets() {
        return trimOffsets;
    }

    /**
     * Hands each word of {@code text[start, end)} to {@code words}, in order. The words
     * concatenate to the run (with the prefix space, when one is added).
     */
    public void split(String text, int start, int end, Consumer<String> words) {
        if (start == end) {
            return;
        }
        if (addPrefixSpace && text.charAt(start) != ' ') {
            text = " " + text.substring(start, end);
            start = 0;
            end = text.length();
        }
        if (compiled == null) {
            words.accept(text.substring(start, end));
            return;
        }
        // Region bounds are opaque by default, so a look-ahead such as \s+(?!\S) sees the end of
        // this run and not the special token after it; HF splits each run on its own too.
        Matcher matcher = compiled.matcher(text).region(start, end);
        int covered = start;
        while (matcher.find()) {
            if (matcher.start() == matcher.end()) {
                continue;
            }
            if (matcher.start() > covered) {
                // Isolated splitting keeps text the pattern does not match as a word of its own.
                words.accept(text.substring(covered, matcher.start()));
            }
            words.accept(text.substring(matcher.start(), matcher.end()));
            covered = matcher.end();
        }
        if (covered < end) {
            words.accept(text.substring(covered, end));
        }
    }

    /** The words of {@code text}, for tests and debugging. */
    public List<String> words(String text) {
        List<String> words = new ArrayList<>();
        split(text, 0, text.length(), words::add);
        return words;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PreTokenizer that && style == that.style && pattern.equals(that.pattern)
                && addPrefixSpace == that.addPrefixSpace && trimOffsets == that.trimOffsets;
    }

    @Override
    public int hashCode() {
        return Objects.hash(style, pattern, addPrefixSpace, trimOffsets);
    }

    @Override
    public String toString() {
        return "PreTokenizer[" + style + (style == Style.WHOLE ? "" : ", /" + pattern + "/")
                + (addPrefixSpace ? ", prefix space" : "") + "]";
    }

    private static Pattern compile(String regex) {
        try {
            return Pattern.compile(regex, Pattern.UNICODE_CHARACTER_CLASS);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("pre-tokenizer pattern /" + regex
                    + "/ is not a regular expression Java can compile: " + e.getDescription(), e);
        }
    }
}
