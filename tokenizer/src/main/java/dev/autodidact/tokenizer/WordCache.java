package dev.autodidact.tokenizer;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers the ids of words already encoded, up to a fixed number of words.
 *
 * <p>Once full it stops admitting new words rather than evicting (the policy of HuggingFace
 * tokenizers): natural text repeats its frequent words early, so they are in by then, and the
 * lookup stays a lock-free {@link ConcurrentHashMap} read when many threads encode at once.
 */
final class WordCache {

    /** Longer words are rare and would hold a lot of memory for little gain. */
    static final int MAX_WORD_LENGTH = 64;

    private final ConcurrentHashMap<String, int[]> map;
    private final int capacity;

    WordCache(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("word cache capacity " + capacity + " is negative");
        }
        this.capacity = capacity;
        this.map = new ConcurrentHashMap<>(Math.min(capacity, 1 << 16));
    }

    /** The cached ids of {@code word}, or null when it is not cached (internal use only). */
    int[] get(String word) {
        return capacity == 0 ? null : map.get(word);
    }

    void put(String word, int[] ids) {
        if (word.length() <= MAX_WORD_LENGTH && map.size() < capacity) {
            map.putIfAbsent(word, ids);
        }
    }

    int size() {
        return map.size();
    }
}
