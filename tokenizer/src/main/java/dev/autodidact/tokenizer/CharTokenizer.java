package dev.autodidact.tokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * One id per character of a fixed alphabet plus one per special token: the tokenizer of the
 * generated tasks, where every symbol should be its own token.
 *
 * <p>Ids: special tokens first, in the order given (so with {@link Markers#DEFAULT} {@code <pad>}
 * is 0), then the alphabet's characters in the order given. A character outside the alphabet is
 * an error that names it and its offset, unless the tokenizer was built to map it to
 * {@link Markers#UNK}.
 */
public final class CharTokenizer implements Tokenizer {

    /**
     * Symbols of the arithmetic and Countdown tasks: digits, operators and punctuation of the
     * traces, the question mark of visual questions, the space, and lower-case letters for words
     * such as the carry tag {@code c1}.
     */
    public static final String TASK_ALPHABET = "0123456789+-*/=(),;:|.?<> abcdefghijklmnopqrstuvwxyz";

    private final String alphabet;
    private final List<String> specials;
    private final boolean unknownToUnk;
    /** Vocabulary entry of each id. */
    private final String[] tokens;
    /** Id of each BMP character, -1 where none; characters beyond the BMP go to {@link #astral}. */
    private final int[] bmpIds = new int[1 << 16];
    private final Map<Integer, Integer> astral = new HashMap<>();
    private final Map<String, Integer> idsByToken = new HashMap<>();
    private final SpecialTokenSplitter splitter;
    private final int unkId;

    private CharTokenizer(String alphabet, List<String> specials, boolean unknownToUnk) {
        List<String> allSpecials = new ArrayList<>(specials);
        if (unknownToUnk && !allSpecials.contains(Markers.UNK)) {
            allSpecials.add(Markers.UNK);
        }
        this.alphabet = alphabet;
        this.specials = List.copyOf(allSpecials);
        this.unknownToUnk = unknownToUnk;
        this.splitter = new SpecialTokenSplitter(this.specials);
        Arrays.fill(bmpIds, -1);
        int[] codePoints = alphabet.codePoints().toArray();
        this.tokens = new String[this.specials.size() + codePoints.length];
        for (int id = 0; id < this.specials.size(); id++) {
            tokens[id] = this.specials.get(id);
            idsByToken.put(tokens[id], id);
        }
        for (int i = 0; i < codePoints.length; i++) {
            int id = this.specials.size() + i;
            String symbol = Character.toString(codePoints[i]);
            if (idsByToken.containsKey(symbol)) {
                throw new IllegalArgumentException("CharTokenizer: character " + describe(codePoints[i])
                        + " appears twice in the alphabet (or is also a special token)");
            }
            tokens[id] = symbol;
            idsByToken.put(symbol, id);
            if (codePoints[i] < bmpIds.length) {
                bmpIds[codePoints[i]] = id;
            } else {
                astral.put(codePoints[i], id);
            }
        }
        this.unkId = unknownToUnk ? idsByToken.get(Markers.UNK) : -1;
    }

    /** The tokenizer of the generated tasks: {@link #TASK_ALPHABET} and {@link Markers#DEFAULT}. */
    public static CharTokenizer forTasks() {
        return new CharTokenizer(TASK_ALPHABET, Markers.DEFAULT, false);
    }

    /** A tokenizer over {@code alphabet} and {@code specials}; unknown characters are an error. */
    public static CharTokenizer of(String alphabet, List<String> specials) {
        return new CharTokenizer(alphabet, specials, false);
    }

    /**
     * A tokenizer over {@code alphabet} and {@code specials} that maps unknown characters to
     * {@link Markers#UNK}, adding it after the other special tokens when it is not among them.
     */
    public static CharTokenizer withUnknownAsUnk(String alphabet, List<String> specials) {
        return new CharTokenizer(alphabet, specials, true);
    }

    /** The characters, in id order. */
    public String alphabet() {
        return alphabet;
    }

    /** Whether characters outside the alphabet become {@link Markers#UNK} instead of an error. */
    public boolean unknownToUnk() {
        return unknownToUnk;
    }

    @Override
    public int[] encode(String text) {
        IntList ids = new IntList(text.length() + 2);
        splitter.split(text, new SpecialTokenSplitter.Visitor() {
            @Override
            public void plain(int start, int end) {
                encodeCharacters(text, start, end, ids);
            }

            @Override
            public void special(int index) {
                ids.add(index);
            }
        });
        return ids.toArray();
    }

    @Override
    public int[] encodeOrdinary(String text) {
        IntList ids = new IntList(text.length());
        encodeCharacters(text, 0, text.length(), ids);
        return ids.toArray();
    }

    private void encodeCharacters(String text, int start, int end, IntList ids) {
        for (int i = start; i < end; ) {
            int codePoint = text.codePointAt(i);
            int id = codePoint < bmpIds.length ? bmpIds[codePoint] : astral.getOrDefault(codePoint, -1);
            if (id < 0) {
                if (!unknownToUnk) {
                    throw new IllegalArgumentException("CharTokenizer: character " + describe(codePoint)
                            + " at offset " + i + " of \"" + text + "\" is not in the alphabet \"" + alphabet + "\"");
                }
                id = unkId;
            }
            ids.add(id);
            i += Character.charCount(codePoint);
        }
    }

    @Override
    public String decode(int[] ids) {
        return decode(ids, false);
    }

    @Override
    public String decode(int[] ids, boolean skipSpecial) {
        StringBuilder text = new StringBuilder(ids.length);
        for (int id : ids) {
            String token = token(id);
            if (!(skipSpecial && id < specials.size())) {
                text.append(token);
            }
        }
        return text.toString();
    }

    @Override
    public int vocabSize() {
        return tokens.length;
    }

    @Override
    public String token(int id) {
        if (id < 0 || id >= tokens.length) {
            throw new IllegalArgumentException("id " + id + " is outside the vocabulary of " + tokens.length + " tokens");
        }
        return tokens[id];
    }

    @Override
    public OptionalInt id(String token) {
        Integer id = idsByToken.get(token);
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    @Override
    public List<String> specialTokens() {
        return specials;
    }

    @Override
    public boolean isSpecial(int id) {
        return id >= 0 && id < specials.size();
    }

    @Override
    public String toString() {
        return "CharTokenizer[" + specials.size() + " special tokens, alphabet \"" + alphabet + "\"]";
    }

    static String describe(int codePoint) {
        String name = Character.getName(codePoint);
        return "'" + Character.toString(codePoint) + "' (U+" + String.format("%04X", codePoint)
                + (name == null ? "" : " " + name) + ")";
    }
}
