package dev.autodidact.tokenizer;

import java.util.List;
import java.util.Objects;

/**
 * What {@link BpeTrainer} learns: a vocabulary of {@code vocabSize} ids (special tokens and the
 * 256 byte symbols included), from pairs seen at least {@code minPairFrequency} times.
 */
public record BpeTrainingConfig(int vocabSize, int minPairFrequency, List<String> specialTokens,
                                PreTokenizer preTokenizer) {

    public BpeTrainingConfig {
        specialTokens = List.copyOf(specialTokens);
        Objects.requireNonNull(preTokenizer, "preTokenizer");
        int floor = specialTokens.size() + 256;
        if (vocabSize < floor) {
            throw new IllegalArgumentException("vocabulary size " + vocabSize + " is below " + floor + ": the "
                    + specialTokens.size() + " special tokens and 256 byte symbols are always in the vocabulary");
        }
        if (minPairFrequency < 1) {
            throw new IllegalArgumentException("minimum pair frequency " + minPairFrequency + " must be at least 1");
        }
    }

    /** GPT-2 pre-tokenization, the testbed markers ({@link Markers#DEFAULT}), pairs seen at least twice. */
    public static BpeTrainingConfig of(int vocabSize) {
        return new BpeTrainingConfig(vocabSize, 2, Markers.DEFAULT, PreTokenizer.gpt2());
    }

    public BpeTrainingConfig withMinPairFrequency(int minPairFrequency) {
        return new BpeTrainingConfig(vocabSize, minPairFrequency, specialTokens, preTokenizer);
    }

    public BpeTrainingConfig withSpecialTokens(List<String> specialTokens) {
        return new BpeTrainingConfig(vocabSize, minPairFrequency, specialTokens, preTokenizer);
    }

    public BpeTrainingConfig withPreTokenizer(PreTokenizer preTokenizer) {
        return new BpeTrainingConfig(vocabSize, minPairFrequency, specialTokens, preTokenizer);
    }
}
