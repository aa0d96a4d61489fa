package dev.autodidact.tokenizer;

import java.util.Arrays;

/**
 * Applies ranked BPE merges to the symbols of one word in O(n log n): a doubly linked list of
 * symbols and a binary heap of candidate merges keyed by (rank, position).
 *
 * <p>The lowest rank merges first and, among equal ranks, the leftmost pair, as in HuggingFace
 * tokenizers. Heap entries are not removed when a merge invalidates them; each popped entry is
 * checked against the list instead, which is cheaper than keeping the heap exact. The naive
 * reference (rebuild the word after every merge) lives in the tests.
 */
final class BpeMerger {

    private BpeMerger() {
    }

    /** The ids after merging; {@code symbols} (one id per byte of the word) is not modified. */
    static int[] merge(int[] symbols, MergeTable merges) {
        int n = symbols.length;
        if (n < 2) {
            return symbols.clone();
        }
        int[] ids = symbols.clone();        // id per position; -1 once merged into its left neighbour
        int[] next = new int[n];            // next live position, -1 at the end
        int[] prev = new int[n];            // previous live position, -1 at the start
        long[] heap = new long[n];          // (rank << 32 | position), a min-heap
        int heapSize = 0;
        for (int i = 0; i < n; i++) {
            next[i] = i + 1 < n ? i + 1 : -1;
            prev[i] = i - 1;
        }
        for (int i = 0; i + 1 < n; i++) {
            int slot = merges.find(ids[i], ids[i + 1]);
            if (slot >= 0) {
                heapSize = push(heap, heapSize, entry(merges.rankAt(slot), i));
            }
        }
        int live = n;
        while (heapSize > 0) {
            long top = heap[0];
            heapSize = pop(heap, heapSize);
            int rank = (int) (top >>> 32);
            int left = (int) top;
            int right = ids[left] < 0 ? -1 : next[left];
            if (right < 0) {
                continue;
            }
            int slot = merges.find(ids[left], ids[right]);
            if (slot < 0 || merges.rankAt(slot) != rank) {
                continue;                   // stale: a neighbour merged since this entry was pushed
            }
            ids[left] = merges.mergedAt(slot);
            ids[right] = -1;
            next[left] = next[right];
            if (next[right] >= 0) {
                prev[next[right]] = left;
            }
            live--;
            if (prev[left] >= 0) {
                int s = merges.find(ids[prev[left]], ids[left]);
                if (s >= 0) {
                    heap = grow(heap, heapSize);
                    heapSize = push(heap, heapSize, entry(merges.rankAt(s), prev[left]));
                }
            }
            if (next[left] >= 0) {
                int s = merges.find(ids[left], ids[next[left]]);
                if (s >= 0) {
                    heap = grow(heap, heapSize);
                    heapSize = push(heap, heapSize, entry(merges.rankAt(s), left));
                }
            }
        }
        int[] out = new int[live];
        for (int i = 0, k = 0; i >= 0; i = next[i]) {
            out[k++] = ids[i];
        }
        return out;
    }

    private static long entry(int rank, int position) {
        return ((long) rank << 32) | position;
    }

    private static long[] grow(long[] heap, int size) {
        return size < heap.length ? heap : Arrays.copyOf(heap, heap.length * 2);
    }

    private static int push(long[] heap, int size, long value) {
        int i = size;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (heap[parent] <= value) {
                break;
            }
            heap[i] = heap[parent];
            i = parent;
        }
        heap[i] = value;
        return size + 1;
    }

    private static int pop(long[] heap, int size) {
        int last = size - 1;
        long value = heap[last];
        int i = 0;
        while (true) {
            int child = 2 * i + 1;
            if (child >= last) {
                break;
            }
            if (child + 1 < last && heap[child + 1] < heap[child]) {
                child++;
            }
            if (heap[child] >= value) {
                break;
            }
            heap[i] = heap[child];
            i = child;
        }
        heap[i] = value;
        return last;
    }
}
