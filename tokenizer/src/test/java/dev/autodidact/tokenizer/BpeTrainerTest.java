package dev.autodidact.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class BpeTrainerTest {

    private static final List<String> SPECIALS = List.of("<pad>", "<eos>");

    /**
     * The words of the HuggingFace course example, one word per text so no spaces are involved:
     * hug x10, pug x5, pun x12, bun x4, hugs x5. Pair counts by hand:
     * u g 20, u n 16, p u 17, h u 15, g s 5, b u 4.
     */
    private static List<String> huggingCorpus() {
        List<String> texts = new ArrayList<>();
        texts.addAll(Collections.nCopies(10, "hug"));
        texts.addAll(Collections.nCopies(5, "pug"));
        texts.addAll(Collections.nCopies(12, "pun"));
        texts.addAll(Collections.nCopies(4, "bun"));
        texts.addAll(Collections.nCopies(5, "hugs"));
        return texts;
    }

    @Test
    void learnsHandCheckedMergesInOrder() {
        BpeTokenizer bpe = BpeTrainer.train(huggingCorpus(), new BpeTrainingConfig(1000, 5, SPECIALS, PreTokenizer.gpt2()));
        // 1. u g (20).  Then h ug 15, p ug 5, ug s 5, p u 12, u n 16, b u 4.
        // 2. u n (16).  Then p un 12, b un 4.
        // 3. h ug (15). Then hug s 5.
        // 4. p un (12).
        // 5. p ug and hug s tie at 5: the smaller pair of ids wins, and the byte "p" is older than "hug".
        // 6. hug s (5). b un (4) is below the minimum frequency of 5, so training stops.
        List<Merge> expected = List.of(new Merge("u", "g"), new Merge("u", "n"), new Merge("h", "ug"),
                new Merge("p", "un"), new Merge("p", "ug"), new Merge("hug", "s"));
        assertEquals(expected, bpe.merges());
        assertEquals(SPECIALS.size() + 256 + 6, bpe.vocabSize());
        assertEquals(SPECIALS.size() + 256, bpe.id("ug").getAsInt());
        assertEquals(1, bpe.encode("hugs").length);
        assertArrayEquals(new int[] {bpe.id("b").getAsInt(), bpe.id("ug").getAsInt()}, bpe.encode("bug"));
    }

    @Test
    void stopsAtTheTargetVocabularySize() {
        BpeTokenizer bpe = BpeTrainer.train(huggingCorpus(), new BpeTrainingConfig(SPECIALS.size() + 256 + 3, 1, SPECIALS,
                PreTokenizer.gpt2()));
        assertEquals(List.of(new Merge("u", "g"), new Merge("u", "n"), new Merge("h", "ug")), bpe.merges());
    }

    @Test
    void specialTokensKeepTheFirstIdsAndTakeNoPartInMerges() {
        List<String> texts = new ArrayList<>(Collections.nCopies(50, "<eos><eos><pad>"));
        texts.add("ab ab");
        BpeTokenizer bpe = BpeTrainer.train(texts, new BpeTrainingConfig(400, 1, SPECIALS, PreTokenizer.gpt2()));
        assertEquals(0, bpe.id("<pad>").getAsInt());
        assertEquals(1, bpe.id("<eos>").getAsInt());
        assertTrue(bpe.merges().stream().noneMatch(m -> m.merged().contains("<") || m.merged().contains("eos")),
                () -> bpe.merges().toString());
        assertTrue(bpe.isSpecial(1));
    }

    @Test
    void everyByteIsInTheVocabularyEvenIfTheCorpusLacksIt() {
        BpeTokenizer bpe = BpeTrainer.train(List.of("aaaa"), BpeTrainingConfig.of(Markers.DEFAULT.size() + 256 + 10));
        String text = "日本 😀 \u0000";
        assertEquals(text, bpe.decode(bpe.encode(text)));
    }

    @Test
    void vocabularyTooSmallForBytesAndSpecialsIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new BpeTrainingConfig(200, 2, SPECIALS, PreTokenizer.gpt2()));
        assertTrue(e.getMessage().contains("258"), e.getMessage());
    }

    @Test
    void trainingIsDeterministic() {
        BpeTokenizer first = Fixtures.trainedOnCorpus();
        BpeTokenizer again = BpeTrainer.train(Fixtures.corpusDocuments(),
                new BpeTrainingConfig(Fixtures.ORACLE_SPECIALS.size() + 256 + 600, 2, Fixtures.ORACLE_SPECIALS,
                        PreTokenizer.gpt2()));
        assertEquals(first.merges(), again.merges());
        assertEquals(first.vocabulary(), again.vocabulary());
    }
}
