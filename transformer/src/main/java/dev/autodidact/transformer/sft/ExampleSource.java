package dev.autodidact.transformer.sft;

import dev.autodidact.tensor.random.Rng;

import java.util.List;
import java.util.function.Function;

/** An endless stream of training examples; the trainer draws one batch at a time. */
@FunctionalInterface
public interface ExampleSource {

    Example next();

    /** Examples from a seeded generator: example k is {@code generator.apply(Rng.derive(seed, k))}. */
    static ExampleSource generated(long seed, Function<Rng, Example> generator) {
        return new ExampleSource() {
            private long k;

            @Override
            public Example next() {
                return generator.apply(Rng.derive(seed, k++));
            }
        };
    }

    /** A fixed list, reshuffled (with {@code seed}) at the start of every epoch. */
    static ExampleSource epochs(List<Example> examples, long seed) {
        if (examples.isEmpty()) throw new IllegalArgumentException("example source: the example list is empty");
        return new ExampleSource() {
            private final int[] order = new int[examples.size()];
            private int at = order.length;
            private long epoch;

            @Override
            public Example next() {
                if (at == order.length) {
                    for (int i = 0; i < order.length; i++) order[i] = i;
                    Rng.derive(seed, epoch++).shuffle(order);
                    at = 0;
                }
                return examples.get(order[at++]);
            }
        };
    }
}
