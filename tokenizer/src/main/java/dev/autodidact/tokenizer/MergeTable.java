package dev.autodidact.tokenizer;

import java.util.Arrays;

/**
 * Looks up a merge by its pair of symbol ids without boxing: open addressing over packed
 * {@code (left << 32 | right)} keys, since this lookup sits in the innermost loop of encoding.
 */
final class MergeTable {

    private static final long EMPTY = -1L;

    private final long[] keys;
    private final int[] ranks;
    private final int[] mergedIds;
    private final int mask;

    /** {@code lefts[r], rights[r] -> mergedIds[r]} is the merge of rank {@code r}. */
    MergeTable(int[] lefts, int[] rights, int[] merged) {
        int capacity = Integer.highestOneBit(Math.max(4, lefts.length * 2 + 1)) << 1;
        keys = new long[capacity];
        ranks = new int[capacity];
        mergedIds = new int[capacity];
        mask = capacity - 1;
        Arrays.fill(keys, EMPTY);
        for (int rank = 0; rank < lefts.length; rank++) {
            long key = key(lefts[rank], rights[rank]);
            int slot = slot(key);
            while (keys[slot] != EMPTY && keys[slot] != key) {
                slot = (slot + 1) & mask;
            }
            if (keys[slot] == key) {
                throw new IllegalArgumentException("merge of rank " + rank + " (ids " + lefts[rank] + ", "
                        + rights[rank] + ") repeats the merge of rank " + ranks[slot]);
            }
            keys[slot] = key;
            ranks[slot] = rank;
            mergedIds[slot] = merged[rank];
        }
    }

    /** Rank of merging {@code left, right}, or -1 when they do not merge. */
    int rank(int left, int right) {
        int slot = find(left, right);
        return slot < 0 ? -1 : ranks[slot];
    }

    /** Rank of the merge found at {@code slot}. */
    int rankAt(int slot) {
        return ranks[slot];
    }

    /** Id of the token that the merge found at {@code slot} produces. */
    int mergedAt(int slot) {
        return mergedIds[slot];
    }

    /** Where the merge of {@code left, right} is kept, or -1 when they do not merge. */
    int find(int left, int right) {
        long key = key(left, right);
        int slot = slot(key);
        while (true) {
            long k = keys[slot];
            if (k == key) {
                return slot;
            }
            if (k == EMPTY) {
                return -1;
            }
            slot = (slot + 1) & mask;
        }
    }

    private int slot(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 29)) & mask;
    }

    private static long key(int left, int right) {
        return ((long) left << 32) | (right & 0xFFFFFFFFL);
    }
}
