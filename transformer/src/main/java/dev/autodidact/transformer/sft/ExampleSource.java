package dev.autodidact.transformer.sft;

import dev.autodidact.tensor.random.Rng;

import java.util.List;
import java.util.function.Function;

/**
 * An endless stream of training examples; the trainer draws one batch at a time. The stream is a
 * pure function of its seed and a cursor (how many examples were drawn), so a checkpoint stores
 * the cursor and a resumed run {@link #seek}s to it and sees exactly the examples it would have.
 */
public interface ExampleSource {

    Example next();

    /** How many examples have been drawn. */
    long cursor();

    /** Continues as if {@code cursor} examples had been drawn. */
    void seek(long cursor);

    /** Examples from a seeded generator: example k is {@code generator.apply(Rng.derive(seed, k))}. */
    static ExampleSource generated(long seed, Function<Rng, Example> generator) {
        return new ExampleSource() {
            private long k;

            @Override
            public Example next() {
                return generator.apply(Rng.derive(seed, k++));
            }

            @Override
            public long cursor() {
                return k;
            }

            @Override
            public void seek(long cursor) {
                k = requireCursor(cursor);
            }
        };
    }

    /** A fixed list, reshuffled (with {@code seed}) at the start of every epoch. */
    static ExampleSource epochs(List<Example> examples, long seed) {
        if (examples.isEmpty()) throw new IllegalArgumentException("example source: the example list is empty");
        return new ExampleSource() {
            private final int[] order = new int[examples.size()];
            private long drawn;

            @Override
            public Example next() {
                int at = (int) (drawn % order.length);
                if (at == 0) shuffle(drawn / order.length);
                drawn++;
                return examples.get(order[at]);
            }

            private void shuffle(long epoch) {
                for (int i = 0; i < order.length; i++) order[i] = i;
                Rng.derive(seed, epoch).shuffle(order);
            }

            @Override
            public long cursor() {
                return drawn;
            }

            @Override
            public void seek(long cursor) {
                drawn = requireCursor(cursor);
                if (drawn % order.length != 0) shuffle(drawn / order.length);   // mid-epoch: that epoch's order
            }
        };
    }

    private static long requireCursor(long cursor) {
        if (cursor < 0) throw new IllegalArgumentException("example source: cursor must be >= 0, got " + cursor);
        return cursor;
    }
}
