package dev.autodidact.tokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Cuts text into plain runs and special tokens, the first step of every encode.
 *
 * <p>Matching is exact and case-sensitive; at each position the longest special token wins, so
 * {@code <s10>} is never read as {@code <s1>} followed by {@code 0>}.
 */
final class SpecialTokenSplitter {

    /** Receives the pieces of a text in order. */
    interface Visitor {
        /** Text {@code [start, end)} contains no special token. */
        void plain(int start, int end);

        /** A special token, given as its index in the list the splitter was built from. */
        void special(int index);
    }

    private final List<String> tokens;
    /** Indices into {@link #tokens} ordered longest first, so the first match is the longest. */
    private final int[] longestFirst;
    /** UTF-16 units that start some special token; lets the scan skip everything else quickly. */
    private final BitSet firstUnits = new BitSet(1 << 16);

    SpecialTokenSplitter(List<String> tokens) {
        Set<String> seen = new HashSet<>();
        for (String token : tokens) {
            if (token.isEmpty()) {
                throw new IllegalArgumentException("special tokens must not be empty: " + tokens);
            }
            if (!seen.add(token)) {
                throw new IllegalArgumentException("special token " + token + " is listed twice in " + tokens);
            }
            firstUnits.set(token.charAt(0));
        }
        this.tokens = List.copyOf(tokens);
        Integer[] order = new Integer[tokens.size()];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparingInt((Integer i) -> -tokens.get(i).length()).thenComparing(i -> i));
        this.longestFirst = Arrays.stream(order).mapToInt(Integer::intValue).toArray();
    }

    void split(String text, Visitor visitor) {
        int plainStart = 0;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            if (!firstUnits.get(text.charAt(i))) {
                continue;
            }
            int match = matchAt(text, i);
            if (match < 0) {
                continue;
            }
            if (plainStart < i) {
                visitor.plain(plainStart, i);
            }
            visitor.special(match);
            i += tokens.get(match).length() - 1;
            plainStart = i + 1;
        }
        if (plainStart < n) {
            visitor.plain(plainStart, n);
        }
    }

    /** The pieces of {@code text} as strings, special tokens included; for tests and debugging. */
    List<String> pieces(String text) {
        List<String> pieces = new ArrayList<>();
        split(text, new Visitor() {
            @Override
            public void plain(int start, int end) {
                pieces.add(text.substring(start, end));
            }

            @Override
            public void special(int index) {
                pieces.add(tokens.get(index));
            }
        });
        return pieces;
    }

    private int matchAt(String text, int position) {
        for (int index : longestFirst) {
            if (text.startsWith(tokens.get(index), position)) {
                return index;
            }
        }
        return -1;
    }
}
