package dev.autodidact.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Learns byte-level BPE merges from a corpus: the algorithm of "Neural Machine Translation of
 * Rare Words with Subword Units" (Sennrich et al., 2016) over bytes, as in GPT-2 ("Language
 * Models are Unsupervised Multitask Learners", section 2.2).
 *
 * <p>Ids: special tokens first ({@code 0..k-1}), then the 256 byte symbols in
 * {@link ByteLevel#alphabet()} order, then one per merge. Each step merges the most frequent
 * adjacent pair; ties go to the pair with the smaller (left id, right id). Both rules are those
 * of HuggingFace tokenizers' BpeTrainer, so training is deterministic and, on the same words,
 * learns the same merges (the tests hold it to fixtures made with HF). Pair counts are updated incrementally for the words that contain the merged
 * pair only, and a priority queue with lazy invalidation picks the next pair.
 */
public final class BpeTrainer {

    /** A queued pair and the count it had when queued; stale once the live count differs. */
    private record Candidate(long count, int left, int right) {
    }

    private static final Comparator<Candidate> MOST_FREQUENT_FIRST = Comparator
            .comparingLong((Candidate c) -> -c.count())
            .thenComparingInt(Candidate::left)
            .thenComparingInt(Candidate::right);

    private final BpeTrainingConfig config;
    private final SpecialTokenSplitter splitter;
    private final Map<String, long[]> wordCounts = new HashMap<>();

    public BpeTrainer(BpeTrainingConfig config) {
        this.config = config;
        this.splitter = new SpecialTokenSplitter(config.specialTokens());
    }

    /** Trains on {@code texts} in one call. */
    public static BpeTokenizer train(Iterable<String> texts, BpeTrainingConfig config) {
        BpeTrainer trainer = new BpeTrainer(config);
        for (String text : texts) {
            trainer.add(text);
        }
        return trainer.train();
    }

    /** Counts the words of {@code text}; special tokens in it are left out of the counts. */
    public BpeTrainer add(String text) {
        splitter.split(text, new SpecialTokenSplitter.Visitor() {
            @Override
            public void plain(int start, int end) {
                config.preTokenizer().split(text, start, end,
                        word -> wordCounts.computeIfAbsent(word, w -> new long[1])[0]++);
            }

            @Override
            public void special(int index) {
                // Special tokens are whole ids of their own; they take part in no merge.
            }
        });
        return this;
    }

    /** Learns the merges from the words counted so far. */
    public BpeTokenizer train() {
        List<String> specials = config.specialTokens();
        List<String> tokens = new ArrayList<>(specials);
        int[] byteId = new int[256];
        for (char symbol : ByteLevel.alphabet()) {
            byteId[ByteLevel.byteOf(symbol)] = tokens.size();
            tokens.add(String.valueOf(symbol));
        }
        Map<String, Integer> idsByToken = new HashMap<>();
        for (int id = 0; id < tokens.size(); id++) {
            if (idsByToken.put(tokens.get(id), id) != null) {
                throw new IllegalArgumentException("special token " + tokens.get(id)
                        + " is spelled like a byte symbol; a special token needs a spelling of its own");
            }
        }

        // The corpus as distinct words: symbols[w] (one id per byte to begin with) seen counts[w] times.
        int wordCount = wordCounts.size();
        int[][] symbols = new int[wordCount][];
        long[] counts = new long[wordCount];
        int w = 0;
        for (Map.Entry<String, long[]> e : wordCounts.entrySet()) {
            byte[] utf8 = e.getKey().getBytes(StandardCharsets.UTF_8);
            symbols[w] = new int[utf8.length];
            for (int i = 0; i < utf8.length; i++) {
                symbols[w][i] = byteId[utf8[i] & 0xFF];
            }
            counts[w] = e.getValue()[0];
            w++;
        }

        PairCounts pairCounts = new PairCounts();
        Map<Long, IntList> wordsWithPair = new HashMap<>();
        for (w = 0; w < wordCount; w++) {
            int[] s = symbols[w];
            for (int i = 0; i + 1 < s.length; i++) {
                long key = PairCounts.key(s[i], s[i + 1]);
                pairCounts.add(key, counts[w]);
                wordsWithPair.computeIfAbsent(key, k -> new IntList(4)).add(w);
            }
        }
        PriorityQueue<Candidate> queue = new PriorityQueue<>(MOST_FREQUENT_FIRST);
        pairCounts.forEachPositive((key, count) ->
                queue.add(new Candidate(count, PairCounts.left(key), PairCounts.right(key))));

        List<Merge> merges = new ArrayList<>();
        Set<Long> merged = new HashSet<>();
        int[] lastVisit = new int[wordCount];        // merge step that last rewrote each word, to skip repeats
        Arrays.fill(lastVisit, -1);
        while (tokens.size() < config.vocabSize() && !queue.isEmpty()) {
            Candidate top = queue.poll();
            long key = PairCounts.key(top.left(), top.right());
            long live = pairCounts.get(key);
            if (live != top.count()) {
                if (live > 0) {
                    queue.add(new Candidate(live, top.left(), top.right()));
                }
                continue;
            }
            if (live < config.minPairFrequency()) {
                break;                                 // the most frequent pair is too rare: so are all others
            }
            pairCounts.add(key, -live);
            if (!merged.add(key)) {
                continue;                              // the pair came back after its merge; it is merged already
            }
            String left = tokens.get(top.left());
            String right = tokens.get(top.right());
            // Two merge paths can spell the same string ("ab"+"c", "a"+"bc"); they share one id.
            int newId = idsByToken.computeIfAbsent(left + right, spelled -> {
                tokens.add(spelled);
                return tokens.size() - 1;
            });
            merges.add(new Merge(left, right));

            Set<Long> increased = new HashSet<>();
            IntList holders = wordsWithPair.remove(key);
            int step = merges.size();
            for (int h = 0; holders != null && h < holders.size(); h++) {
                int word = holders.get(h);
                if (lastVisit[word] == step) {
                    continue;
                }
                lastVisit[word] = step;
                symbols[word] = rewrite(symbols[word], top.left(), top.right(), newId, counts[word],
                        pairCounts, wordsWithPair, increased, word);
            }
            for (long pair : increased) {
                long count = pairCounts.get(pair);
                if (count > 0) {
                    queue.add(new Candidate(count, PairCounts.left(pair), PairCounts.right(pair)));
                }
            }
        }

        Map<String, Integer> vocab = new LinkedHashMap<>();
        for (int id = 0; id < tokens.size(); id++) {
            vocab.put(tokens.get(id), id);
        }
        List<AddedToken> added = new ArrayList<>();
        for (int id = 0; id < specials.size(); id++) {
            added.add(new AddedToken(id, specials.get(id), true));
        }
        return BpeTokenizer.builder().vocab(vocab).merges(merges).addedTokens(added)
                .preTokenizer(config.preTokenizer()).build();
    }

    /**
     * Merges every {@code left right} in one word and moves the word's pair counts from its old
     * symbols to its new ones. Only pairs containing {@code newId} can have grown; those are
     * recorded in {@code increased} and filed under this word for later merges.
     */
    private static int[] rewrite(int[] old, int left, int right, int newId, long count, PairCounts pairCounts,
                                 Map<Long, IntList> wordsWithPair, Set<Long> increased, int word) {
        int[] out = new int[old.length];
        int n = 0;
        for (int i = 0; i < old.length; i++) {
            if (i + 1 < old.length && old[i] == left && old[i + 1] == right) {
                out[n++] = newId;
                i++;
            } else {
                out[n++] = old[i];
            }
        }
        if (n == old.length) {
            return old;                                // listed under the pair but no longer holds it
        }
        for (int i = 0; i + 1 < old.length; i++) {
            long pair = PairCounts.key(old[i], old[i + 1]);
            if (pair != PairCounts.key(left, right)) {
                pairCounts.add(pair, -count);
            }
        }
        for (int i = 0; i + 1 < n; i++) {
            long pair = PairCounts.key(out[i], out[i + 1]);
            pairCounts.add(pair, count);
            if (out[i] == newId || out[i + 1] == newId) {
                increased.add(pair);
                wordsWithPair.computeIfAbsent(pair, k -> new IntList(4)).add(word);
            }
        }
        return Arrays.copyOf(out, n);
    }
}
