package dev.autodidact.rl.task;

import dev.autodidact.rl.math.Rational;
import dev.autodidact.tokenizer.Markers;
import dev.autodidact.tokenizer.PromptFormat;

import java.util.List;
import java.util.Optional;

/**
 * The text format shared by every task (algorithms-text §C.1): the special markers, the
 * response layout {@code <think>STEP;STEP;</think><ans>ANSWER</ans><eos>}, and extraction of the
 * answer from the last answer tag pair (§0.9).
 */
public final class Format {
    // The markers are the tokenizer's (Markers), spelled once; the names here are the task library's.
    public static final String BOS = Markers.BOS;
    public static final String EOS = Markers.EOS;
    public static final String THINK_OPEN = Markers.THINK;
    public static final String THINK_CLOSE = Markers.END_THINK;
    public static final String ANS_OPEN = Markers.ANS;
    public static final String ANS_CLOSE = Markers.END_ANS;
    /** Steps are separated (and terminated) by this, so process rewards can count them. */
    public static final String STEP_END = PromptFormat.STEP_END;

    /** Every special token of the §C.1 vocabulary, each one token for a tokenizer: {@link Markers#DEFAULT} less the role and image markers C.1 lacks. */
    public static final List<String> SPECIAL_TOKENS = Markers.DEFAULT.stream()
            .filter(m -> !List.of(Markers.SYSTEM, Markers.USER, Markers.ASSISTANT, Markers.IMAGE).contains(m)).toList();
    /** The plain characters of the §C.1 vocabulary besides lowercase letters: digits, operators, punctuation, space. */
    public static final String PLAIN_SYMBOLS = "0123456789+-*/=(),;:| ";

    private Format() {}

    /**
     * The first character of {@code text} outside the §C.1 vocabulary (special tokens, plain
     * symbols, lowercase letters), if any: generated text must be representable by the
     * character tokenizer.
     */
    public static Optional<String> outOfVocabulary(String text) {
        String rest = text;
        for (String special : SPECIAL_TOKENS) rest = rest.replace(special, " ");
        for (int i = 0; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (PLAIN_SYMBOLS.indexOf(c) < 0 && (c < 'a' || c > 'z')) return Optional.of(String.valueOf(c));
        }
        return Optional.empty();
    }

    /** The model input for a bare problem text: {@code <bos>347+589=}. */
    public static String prompt(String problemText) {
        return PromptFormat.task(problemText);
    }

    /** A full response: {@code <think>s1;s2;</think><ans>answer</ans><eos>} (a step containing {@code ;} is refused). */
    public static String response(List<String> steps, String answer) {
        return PromptFormat.response(steps, answer);
    }

    /** The text between the last {@code <ans>} and the {@code </ans>} after it, if both exist. */
    public static Optional<String> taggedAnswer(String response) {
        int open = response.lastIndexOf(ANS_OPEN);
        if (open < 0) return Optional.empty();
        int start = open + ANS_OPEN.length();
        int close = response.indexOf(ANS_CLOSE, start);
        return close < 0 ? Optional.empty() : Optional.of(response.substring(start, close));
    }

    /**
     * Extraction for tasks whose answer is a number: missing tags give {@link Answer.Missing};
     * content that is not an integer or fraction gives {@link Answer.Malformed}.
     */
    public static Answer numericAnswer(String response) {
        Optional<String> tagged = taggedAnswer(response);
        if (tagged.isEmpty()) return new Answer.Missing();
        String text = tagged.get();
        Optional<Rational> value = Rational.parse(text);
        return value.<Answer>map(v -> new Answer.Valid(text, v))
                .orElseGet(() -> new Answer.Malformed(text, "'" + text + "' is not an integer or a fraction p/q with q != 0."));
    }

    /**
     * Whether the response has exactly the required layout — one think block, then one answer
     * block, then optionally the end marker — independent of whether the answer is right.
     */
    public static boolean wellFormed(String response) {
        String r = response.strip();
        if (r.endsWith(EOS)) r = r.substring(0, r.length() - EOS.length()).stripTrailing();
        if (!r.startsWith(THINK_OPEN) || !r.endsWith(ANS_CLOSE)) return false;
        int thinkClose = r.indexOf(THINK_CLOSE);
        if (thinkClose < 0 || r.indexOf(THINK_CLOSE, thinkClose + 1) >= 0 || r.indexOf(THINK_OPEN, 1) >= 0) return false;
        String tail = r.substring(thinkClose + THINK_CLOSE.length()).strip();
        if (!tail.startsWith(ANS_OPEN)) return false;
        String inner = tail.substring(ANS_OPEN.length(), tail.length() - ANS_CLOSE.length());
        return !inner.contains(ANS_OPEN) && !inner.contains(ANS_CLOSE) && !inner.isBlank();
    }
}
