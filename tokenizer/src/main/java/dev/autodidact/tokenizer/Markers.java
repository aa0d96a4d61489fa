package dev.autodidact.tokenizer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The special tokens of the shared testbed (algorithms-text.md, section C.1), spelled once.
 *
 * <p>{@link #DEFAULT} is the set every generated task uses, in id order: {@code <pad>} is id 0 so
 * that zero-filled buffers read as padding. Role markers and {@code <image>} are not in C.1; they
 * are here because multi-turn prompts and the vision model need them (see {@link PromptFormat}).
 */
public final class Markers {

    public static final String PAD = "<pad>";
    public static final String BOS = "<bos>";
    public static final String EOS = "<eos>";
    /** Stands for input the vocabulary cannot spell; only in tokenizers configured to use it. */
    public static final String UNK = "<unk>";

    public static final String THINK = "<think>";
    public static final String END_THINK = "</think>";
    public static final String ANS = "<ans>";
    public static final String END_ANS = "</ans>";
    /** AutoThink: the model answers directly, without a thinking span. */
    public static final String NO_THINK = "<nothink>";

    public static final String JUDGE = "<judge>";
    public static final String YES = "<yes>";
    public static final String NO = "<no>";
    /** Judge scores {@code <s0>..<s5>}. */
    public static final int SCORE_LEVELS = 6;
    /** Verbalised confidence deciles {@code <c0>..<c9>}. */
    public static final int CONFIDENCE_LEVELS = 10;
    /** Abstention: the answer "I don't know". */
    public static final String IDK = "<idk>";
    /** Reflection marker that opens a re-check step. */
    public static final String WAIT = "<wait>";
    /** Surface-variant markers of Co-Reward. */
    public static final String VARIANT_1 = "<v1>";
    public static final String VARIANT_2 = "<v2>";
    /** LeaP: peer summaries are inserted between these. */
    public static final String PEER = "<peer>";
    public static final String END_PEER = "</peer>";

    public static final String SYSTEM = "<system>";
    public static final String USER = "<user>";
    public static final String ASSISTANT = "<assistant>";
    /** Placeholder whose embedding the vision projector replaces with one image patch. */
    public static final String IMAGE = "<image>";

    /** Reserved entries {@code <r0>..<r7>} that never appear in training data (LaSeR needs one). */
    public static final int RESERVED_COUNT = 8;

    /** The testbed's special tokens in id order. */
    public static final List<String> DEFAULT = buildDefault();

    private Markers() {
    }

    /** The judge score marker {@code <sK>} for {@code 0 <= level < 6}. */
    public static String score(int level) {
        return indexed("s", level, SCORE_LEVELS, "score level");
    }

    /** The confidence marker {@code <cK>} for decile {@code 0 <= decile < 10}. */
    public static String confidence(int decile) {
        return indexed("c", decile, CONFIDENCE_LEVELS, "confidence decile");
    }

    /** The confidence marker for a probability: decile {@code floor(10 p)}, with 1.0 in the top one. */
    public static String confidenceOf(double probability) {
        if (!(probability >= 0.0 && probability <= 1.0)) {
            throw new IllegalArgumentException("confidence " + probability + " is not a probability in [0, 1]");
        }
        return confidence(Math.min(CONFIDENCE_LEVELS - 1, (int) Math.floor(probability * CONFIDENCE_LEVELS)));
    }

    /** The reserved marker {@code <rK>} for {@code 0 <= index < 8}. */
    public static String reserved(int index) {
        return indexed("r", index, RESERVED_COUNT, "reserved marker index");
    }

    private static String indexed(String letter, int index, int count, String what) {
        if (index < 0 || index >= count) {
            throw new IllegalArgumentException(what + " " + index + " is outside 0.." + (count - 1));
        }
        return "<" + letter + index + ">";
    }

    private static List<String> buildDefault() {
        List<String> all = new ArrayList<>(List.of(PAD, BOS, EOS, THINK, END_THINK, ANS, END_ANS, NO_THINK,
                JUDGE, YES, NO));
        for (int k = 0; k < SCORE_LEVELS; k++) {
            all.add(score(k));
        }
        for (int k = 0; k < CONFIDENCE_LEVELS; k++) {
            all.add(confidence(k));
        }
        all.addAll(List.of(IDK, WAIT, VARIANT_1, VARIANT_2, PEER, END_PEER, SYSTEM, USER, ASSISTANT, IMAGE));
        for (int k = 0; k < RESERVED_COUNT; k++) {
            all.add(reserved(k));
        }
        return Collections.unmodifiableList(all);
    }
}
