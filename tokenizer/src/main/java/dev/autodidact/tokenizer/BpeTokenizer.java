package dev.autodidact.tokenizer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Byte-level BPE in the GPT-2 style, the tokenizer for real text corpora and for tokenizer.json
 * files.
 *
 * <p>Encoding: added tokens are cut out of the raw text first; each remaining run is split into
 * words by the {@link PreTokenizer}; each word's UTF-8 bytes start as one symbol per byte (the
 * {@link ByteLevel} characters) and are merged by rank with {@link BpeMerger}. Vocabulary
 * entries are stored in their byte-level spelling ({@code "Ġthe"} for the bytes of " the"), so
 * every input is encodable as long as the 256 single-byte symbols are in the vocabulary.
 *
 * <p>What {@link #encode} does not do: add the BOS/EOS of a {@code TemplateProcessing}
 * post-processor, truncate or pad. Prompts get their markers from {@link PromptFormat}, and
 * batching belongs to the caller.
 *
 * <p>Instances are immutable apart from the word cache, which is concurrent, so one tokenizer
 * can serve many encoding threads.
 */
public final class BpeTokenizer implements Tokenizer {

    /** Words remembered by the encoder, enough for the frequent words of a natural-language corpus. */
    public static final int DEFAULT_CACHE_CAPACITY = 10_000;

    /** Unicode normalization applied to text before anything else, from tokenizer.json's {@code normalizer}. */
    public enum Normalization {
        NONE,
        NFC
    }

    private final String[] tokens;                 // [V] spelling of each id
    private final Map<String, Integer> idsByToken;  // vocabulary and added tokens
    private final Map<String, Integer> vocab;       // model.vocab, in id order
    private final List<Merge> merges;
    private final List<AddedToken> addedTokens;
    private final boolean[] special;               // [V]
    private final byte[][] bytesOf;                // [V] what each id decodes to
    private final int[] byteIds = new int[256];    // id of the single-byte symbol of each byte, -1 if none
    private final MergeTable mergeTable;
    private final SpecialTokenSplitter splitter;
    private final int[] addedIds;                  // splitter index -> id
    private final PreTokenizer preTokenizer;
    private final Normalization normalization;
    private final Optional<String> unkToken;
    private final int unkId;
    private final boolean fuseUnk;
    private final boolean ignoreMerges;
    private final WordCache cache;

    private BpeTokenizer(Builder b) {
        this.preTokenizer = Objects.requireNonNull(b.preTokenizer, "preTokenizer");
        this.normalization = Objects.requireNonNull(b.normalization, "normalization");
        this.unkToken = b.unkToken;
        this.fuseUnk = b.fuseUnk;
        this.ignoreMerges = b.ignoreMerges;
        this.cache = new WordCache(b.cacheCapacity);

        // Ids: the vocabulary's, plus added tokens that are not in it; together they must be 0..V-1.
        Map<Integer, String> byId = new HashMap<>();
        for (Map.Entry<String, Integer> e : b.vocab.entrySet()) {
            int id = e.getValue();
            if (id < 0) {
                throw new IllegalArgumentException("vocabulary entry \"" + e.getKey() + "\" has negative id " + id);
            }
            String previous = byId.put(id, e.getKey());
            if (previous != null) {
                throw new IllegalArgumentException("vocabulary id " + id + " is given to both \"" + previous
                        + "\" and \"" + e.getKey() + "\"");
            }
        }
        Set<String> addedSeen = new HashSet<>();
        for (AddedToken added : b.addedTokens) {
            if (!addedSeen.add(added.content())) {
                throw new IllegalArgumentException("added token " + added.content() + " is listed twice");
            }
            Integer inVocab = b.vocab.get(added.content());
            if (inVocab != null && inVocab != added.id()) {
                throw new IllegalArgumentException("added token " + added.content() + " has id " + added.id()
                        + " but the vocabulary gives it id " + inVocab);
            }
            String holder = byId.get(added.id());
            if (holder != null && !holder.equals(added.content())) {
                throw new IllegalArgumentException("added token " + added.content() + " has id " + added.id()
                        + ", which already belongs to \"" + holder + "\"");
            }
            byId.put(added.id(), added.content());
        }
        int size = byId.size();
        if (size == 0) {
            throw new IllegalArgumentException("the vocabulary is empty");
        }
        this.tokens = new String[size];
        for (Map.Entry<Integer, String> e : byId.entrySet()) {
            if (e.getKey() >= size) {
                int missing = firstGap(byId.keySet(), size);
                throw new IllegalArgumentException("ids must run from 0 to " + (size - 1) + " without gaps, but id "
                        + missing + " is missing and id " + e.getKey() + " is used");
            }
            tokens[e.getKey()] = e.getValue();
        }
        this.idsByToken = new HashMap<>(size * 2);
        for (int id = 0; id < size; id++) {
            idsByToken.put(tokens[id], id);
        }
        LinkedHashMap<String, Integer> ordered = new LinkedHashMap<>();
        b.vocab.entrySet().stream().sorted(Map.Entry.comparingByValue())
                .forEach(e -> ordered.put(e.getKey(), e.getValue()));
        this.vocab = Collections.unmodifiableMap(ordered);

        List<AddedToken> addedById = new ArrayList<>(b.addedTokens);
        addedById.sort((x, y) -> Integer.compare(x.id(), y.id()));
        this.addedTokens = List.copyOf(addedById);
        this.special = new boolean[size];
        List<String> addedContents = new ArrayList<>();
        this.addedIds = new int[addedTokens.size()];
        for (int i = 0; i < addedTokens.size(); i++) {
            AddedToken added = addedTokens.get(i);
            special[added.id()] = added.special();
            addedContents.add(added.content());
            addedIds[i] = added.id();
        }
        this.splitter = new SpecialTokenSplitter(addedContents);

        Arrays.fill(byteIds, -1);
        for (int value = 0; value < 256; value++) {
            Integer id = b.vocab.get(String.valueOf(ByteLevel.charOf(value)));
            if (id != null) {
                byteIds[value] = id;
            }
        }
        this.bytesOf = new byte[size][];
        Set<String> addedSet = new HashSet<>(addedContents);
        for (int id = 0; id < size; id++) {
            bytesOf[id] = addedSet.contains(tokens[id])
                    ? tokens[id].getBytes(StandardCharsets.UTF_8)
                    : spelledBytes(tokens[id]);
        }
        if (unkToken.isPresent()) {
            Integer id = idsByToken.get(unkToken.get());
            if (id == null) {
                throw new IllegalArgumentException("unknown-token " + unkToken.get() + " is not in the vocabulary");
            }
            this.unkId = id;
        } else {
            this.unkId = -1;
        }

        this.merges = List.copyOf(b.merges);
        int[] lefts = new int[merges.size()];
        int[] rights = new int[merges.size()];
        int[] merged = new int[merges.size()];
        for (int rank = 0; rank < merges.size(); rank++) {
            Merge merge = merges.get(rank);
            lefts[rank] = vocabId(merge, merge.left(), rank);
            rights[rank] = vocabId(merge, merge.right(), rank);
            merged[rank] = vocabId(merge, merge.merged(), rank);
        }
        try {
            this.mergeTable = new MergeTable(lefts, rights, merged);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("merges: " + e.getMessage(), e);
        }
    }

    /** A builder starting from GPT-2 pre-tokenization, no normalization and an empty vocabulary. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The byte tokenizer: the 256 byte symbols and no merges, after {@code specials} (ids
     * {@code 0..k-1}); every byte of the text becomes one id. Byte symbols are in
     * {@link ByteLevel#alphabet()} order, as in GPT-2.
     */
    public static BpeTokenizer bytes(List<String> specials) {
        Builder builder = builder();
        Map<String, Integer> vocab = new LinkedHashMap<>();
        List<AddedToken> added = new ArrayList<>();
        for (String marker : specials) {
            added.add(new AddedToken(vocab.size(), marker, true));
            vocab.put(marker, vocab.size());
        }
        for (char symbol : ByteLevel.alphabet()) {
            vocab.put(String.valueOf(symbol), vocab.size());
        }
        return builder.vocab(vocab).addedTokens(added).build();
    }

    @Override
    public int[] encode(String text) {
        String normalized = normalize(text);
        IntList ids = new IntList(normalized.length() / 3 + 4);
        splitter.split(normalized, new SpecialTokenSplitter.Visitor() {
            @Override
            public void plain(int start, int end) {
                encodePlain(normalized, start, end, ids);
            }

            @Override
            public void special(int index) {
                ids.add(addedIds[index]);
            }
        });
        return ids.toArray();
    }

    @Override
    public int[] encodeOrdinary(String text) {
        String normalized = normalize(text);
        IntList ids = new IntList(normalized.length() / 3 + 4);
        encodePlain(normalized, 0, normalized.length(), ids);
        return ids.toArray();
    }

    private String normalize(String text) {
        return normalization == Normalization.NFC ? Normalizer.normalize(text, Normalizer.Form.NFC) : text;
    }

    private void encodePlain(String text, int start, int end, IntList ids) {
        preTokenizer.split(text, start, end, word -> ids.addAll(encodeWord(word)));
    }

    /** The ids of one pre-tokenized word; the returned array is shared with the cache. */
    private int[] encodeWord(String word) {
        int[] cached = cache.get(word);
        if (cached != null) {
            return cached;
        }
        byte[] utf8 = word.getBytes(StandardCharsets.UTF_8);
        int[] ids;
        Integer whole = ignoreMerges ? vocab.get(ByteLevel.encode(utf8)) : null;
        if (whole != null) {
            ids = new int[] {whole};
        } else {
            ids = BpeMerger.merge(byteSymbols(word, utf8), mergeTable);
        }
        cache.put(word, ids);
        return ids;
    }

    private int[] byteSymbols(String word, byte[] utf8) {
        int[] symbols = new int[utf8.length];
        int n = 0;
        for (byte value : utf8) {
            int id = byteIds[value & 0xFF];
            if (id < 0) {
                if (unkId < 0) {
                    throw new IllegalArgumentException(String.format(
                            "byte 0x%02X of \"%s\" has no single-byte token in the vocabulary and there is no unknown-token",
                            value & 0xFF, word));
                }
                if (fuseUnk && n > 0 && symbols[n - 1] == unkId) {
                    continue;
                }
                id = unkId;
            }
            symbols[n++] = id;
        }
        return n == symbols.length ? symbols : Arrays.copyOf(symbols, n);
    }

    @Override
    public String decode(int[] ids) {
        return decode(ids, false);
    }

    @Override
    public String decode(int[] ids, boolean skipSpecial) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(ids.length * 4);
        for (int id : ids) {
            checkId(id);
            if (!(skipSpecial && special[id])) {
                bytes.writeBytes(bytesOf[id]);
            }
        }
        // Invalid UTF-8 (a sampled sequence cut mid-character) becomes U+FFFD, as in HF's lossy decode.
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Override
    public int vocabSize() {
        return tokens.length;
    }

    @Override
    public String token(int id) {
        checkId(id);
        return tokens[id];
    }

    @Override
    public OptionalInt id(String token) {
        Integer id = idsByToken.get(token);
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    @Override
    public List<String> specialTokens() {
        return addedTokens.stream().filter(AddedToken::special).map(AddedToken::content).toList();
    }

    @Override
    public boolean isSpecial(int id) {
        return id >= 0 && id < special.length && special[id];
    }

    @Override
    public OptionalInt unk() {
        return unkId < 0 ? OptionalInt.empty() : OptionalInt.of(unkId);
    }

    /** {@code model.vocab}: the BPE symbols (and any added tokens listed there) in id order. */
    public Map<String, Integer> vocabulary() {
        return vocab;
    }

    /** The merges, lowest rank (applied first) first. */
    public List<Merge> merges() {
        return merges;
    }

    /** The tokens cut out of the text before pre-tokenization, in id order. */
    public List<AddedToken> addedTokens() {
        return addedTokens;
    }

    public PreTokenizer preTokenizer() {
        return preTokenizer;
    }

    public Normalization normalization() {
        return normalization;
    }

    /** {@code model.unk_token}: what bytes without a symbol become; without one they are an error. */
    public Optional<String> unkToken() {
        return unkToken;
    }

    /** Whether consecutive unknown bytes become one unknown-token. */
    public boolean fuseUnk() {
        return fuseUnk;
    }

    /** Whether a word that is itself in the vocabulary is emitted whole, without merging (Llama 3). */
    public boolean ignoreMerges() {
        return ignoreMerges;
    }

    /** Words currently in the encoder's cache, for tests and tuning. */
    int cachedWords() {
        return cache.size();
    }

    /** A builder holding this tokenizer's settings, to derive a variant. */
    public Builder toBuilder() {
        return builder().vocab(vocab).merges(merges).addedTokens(addedTokens).preTokenizer(preTokenizer)
                .normalization(normalization).unkToken(unkToken).fuseUnk(fuseUnk).ignoreMerges(ignoreMerges);
    }

    @Override
    public String toString() {
        return "BpeTokenizer[" + tokens.length + " ids, " + merges.size() + " merges, " + addedTokens.size()
                + " added tokens, " + preTokenizer + "]";
    }

    private void checkId(int id) {
        if (id < 0 || id >= tokens.length) {
            throw new IllegalArgumentException("id " + id + " is outside the vocabulary of " + tokens.length + " tokens");
        }
    }

    private int vocabId(Merge merge, String symbol, int rank) {
        Integer id = vocab.get(symbol);
        if (id == null) {
            throw new IllegalArgumentException("merge " + rank + " (" + merge + "): symbol \"" + symbol
                    + "\" is not in the vocabulary");
        }
        return id;
    }

    /** Bytes of a byte-level spelling; characters outside the byte map stand for their own UTF-8. */
    private static byte[] spelledBytes(String spelled) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(spelled.length());
        for (int i = 0; i < spelled.length(); ) {
            int codePoint = spelled.codePointAt(i);
            int value = codePoint < Character.MIN_SUPPLEMENTARY_CODE_POINT ? ByteLevel.byteOf((char) codePoint) : -1;
            if (value >= 0) {
                out.write(value);
            } else {
                out.writeBytes(Character.toString(codePoint).getBytes(StandardCharsets.UTF_8));
            }
            i += Character.charCount(codePoint);
        }
        return out.toByteArray();
    }

    private static int firstGap(Set<Integer> ids, int size) {
        for (int id = 0; id < size; id++) {
            if (!ids.contains(id)) {
                return id;
            }
        }
        return size;
    }

    /** Settings for a {@link BpeTokenizer}; {@link #build()} checks them and names what is wrong. */
    public static final class Builder {
        private Map<String, Integer> vocab = Map.of();
        private List<Merge> merges = List.of();
        private List<AddedToken> addedTokens = List.of();
        private PreTokenizer preTokenizer = PreTokenizer.gpt2();
        private Normalization normalization = Normalization.NONE;
        private Optional<String> unkToken = Optional.empty();
        private boolean fuseUnk;
        private boolean ignoreMerges;
        private int cacheCapacity = DEFAULT_CACHE_CAPACITY;

        private Builder() {
        }

        /** Symbol to id; single-byte symbols use their {@link ByteLevel} character. */
        public Builder vocab(Map<String, Integer> vocab) {
            // Insertion order is kept so that error messages about the vocabulary are reproducible.
            this.vocab = Collections.unmodifiableMap(new LinkedHashMap<>(vocab));
            return this;
        }

        /** Merges in rank order: the first is applied first. */
        public Builder merges(List<Merge> merges) {
            this.merges = List.copyOf(merges);
            return this;
        }

        public Builder addedTokens(List<AddedToken> addedTokens) {
            this.addedTokens = List.copyOf(addedTokens);
            return this;
        }

        public Builder preTokenizer(PreTokenizer preTokenizer) {
            this.preTokenizer = Objects.requireNonNull(preTokenizer);
            return this;
        }

        public Builder normalization(Normalization normalization) {
            this.normalization = Objects.requireNonNull(normalization);
            return this;
        }

        public Builder unkToken(Optional<String> unkToken) {
            this.unkToken = Objects.requireNonNull(unkToken);
            return this;
        }

        public Builder fuseUnk(boolean fuseUnk) {
            this.fuseUnk = fuseUnk;
            return this;
        }

        public Builder ignoreMerges(boolean ignoreMerges) {
            this.ignoreMerges = ignoreMerges;
            return this;
        }

        /** Words the encoder remembers; 0 turns the cache off. */
        public Builder cacheCapacity(int cacheCapacity) {
            this.cacheCapacity = cacheCapacity;
            return this;
        }

        public BpeTokenizer build() {
            return new BpeTokenizer(this);
        }
    }
}
