package dev.autodidact.tokenizer;

import java.util.List;
import java.util.OptionalInt;

/**
 * Turns text into token ids and back; the one view of a vocabulary that the transformer and the
 * RL code see.
 *
 * <p>Special tokens (markers such as {@code <eos>} or {@code <think>}) are matched in the text
 * before anything else, exactly and case-sensitively, and always become a single id. Use
 * {@link #encodeOrdinary(String)} for text that must not be able to smuggle in a marker.
 */
public interface Tokenizer {

    /** Ids for {@code text}, with every special token in it encoded as its single id. */
    int[] encode(String text);

    /** Ids for {@code text} read as plain text: a special token's spelling is not recognised. */
    int[] encodeOrdinary(String text);

    /** The text for {@code ids}; special tokens come out as their spelling. */
    String decode(int[] ids);

    /** The text for {@code ids}, leaving special tokens out when {@code skipSpecial} is set. */
    String decode(int[] ids, boolean skipSpecial);

    /** Number of ids: every id lies in {@code [0, vocabSize())}. */
    int vocabSize();

    /** The vocabulary entry for {@code id} (for byte-level BPE, in its byte-mapped spelling). */
    String token(int id);

    /** The id of the vocabulary entry spelled {@code token}, if there is one. */
    OptionalInt id(String token);

    /** The special tokens, in id order. */
    List<String> specialTokens();

    /** Whether {@code id} is a special token. */
    boolean isSpecial(int id);

    /**
     * The id of the special token {@code marker}.
     *
     * @throws IllegalArgumentException naming the marker and the special tokens there are, when
     *     this tokenizer has no such special token
     */
    default int specialId(String marker) {
        OptionalInt id = id(marker);
        if (id.isEmpty() || !isSpecial(id.getAsInt())) {
            throw new IllegalArgumentException("tokenizer has no special token " + marker
                    + "; its special tokens are " + specialTokens());
        }
        return id.getAsInt();
    }

    /** Whether {@code marker} is one of this tokenizer's special tokens. */
    default boolean hasSpecial(String marker) {
        OptionalInt id = id(marker);
        return id.isPresent() && isSpecial(id.getAsInt());
    }

    /** Id of {@link Markers#BOS}. */
    default int bos() {
        return specialId(Markers.BOS);
    }

    /** Id of {@link Markers#EOS}. */
    default int eos() {
        return specialId(Markers.EOS);
    }

    /** Id of {@link Markers#PAD}. */
    default int pad() {
        return specialId(Markers.PAD);
    }

    /** Id of {@link Markers#UNK}, for tokenizers that map unknown input to it. */
    default OptionalInt unk() {
        return hasSpecial(Markers.UNK) ? OptionalInt.of(specialId(Markers.UNK)) : OptionalInt.empty();
    }
}
