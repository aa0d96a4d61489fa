package dev.autodidact.tokenizer;

import java.util.Arrays;

/**
 * Occurrence counts of adjacent symbol pairs for {@link BpeTrainer}, in an open-addressing table
 * over packed {@code (left << 32 | right)} keys: training updates these counts millions of times.
 */
final class PairCounts {

    private static final long EMPTY = -1L;

    private long[] keys;
    private long[] counts;
    private int size;

    PairCounts() {
        keys = new long[1 << 12];
        counts = new long[keys.length];
        Arrays.fill(keys, EMPTY);
    }

    static long key(int left, int right) {
        return ((long) left << 32) | (right & 0xFFFFFFFFL);
    }

    static int left(long key) {
        return (int) (key >>> 32);
    }

    static int right(long key) {
        return (int) key;
    }

    long get(long key) {
        int slot = find(keys, key);
        return keys[slot] == key ? counts[slot] : 0;
    }

    void add(long key, long delta) {
        int slot = find(keys, key);
        if (keys[slot] != key) {
            if ((size + 1) * 2 > keys.length) {
                rehash();
                slot = find(keys, key);
            }
            keys[slot] = key;
            size++;
        }
        counts[slot] += delta;
    }

    /** Calls {@code visitor} with every pair whose count is positive. */
    void forEachPositive(PairVisitor visitor) {
        for (int slot = 0; slot < keys.length; slot++) {
            if (keys[slot] != EMPTY && counts[slot] > 0) {
                visitor.visit(keys[slot], counts[slot]);
            }
        }
    }

    interface PairVisitor {
        void visit(long key, long count);
    }

    private void rehash() {
        long[] oldKeys = keys;
        long[] oldCounts = counts;
        keys = new long[oldKeys.length * 2];
        counts = new long[keys.length];
        Arrays.fill(keys, EMPTY);
        for (int slot = 0; slot < oldKeys.length; slot++) {
            if (oldKeys[slot] != EMPTY) {
                int to = find(keys, oldKeys[slot]);
                keys[to] = oldKeys[slot];
                counts[to] = oldCounts[slot];
            }
        }
    }

    /** The slot holding {@code key}, or the empty slot where it would go. */
    private static int find(long[] keys, long key) {
        int mask = keys.length - 1;
        long h = key * 0x9E3779B97F4A7C15L;
        int slot = (int) (h ^ (h >>> 29)) & mask;
        while (keys[slot] != EMPTY && keys[slot] != key) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }
}
