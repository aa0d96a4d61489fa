package dev.autodidact.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Holds this module to HuggingFace tokenizers 0.22.2, through fixtures made by
 * {@code tokenizer/oracle/make_fixtures.py}: the same corpus must train the same merges, and the
 * same tokenizer.json must give the same ids for the same texts.
 */
class HuggingFaceOracleTest {

    @Test
    void trainerLearnsTheMergesHuggingFaceLearnsOnTheSameCorpus() {
        BpeTokenizer ours = Fixtures.trainedOnCorpus();
        BpeTokenizer theirs = (BpeTokenizer) TokenizerJson.parse(Fixtures.resource("gpt2-style.tokenizer.json"));
        assertEquals(theirs.merges().size(), ours.merges().size(), "merge count");
        for (int rank = 0; rank < theirs.merges().size(); rank++) {
            assertEquals(theirs.merges().get(rank), ours.merges().get(rank), "merge of rank " + rank);
        }
        assertEquals(theirs.vocabulary(), ours.vocabulary());
        assertEquals(theirs.addedTokens(), ours.addedTokens());
    }

    @Test
    void gpt2StyleFileEncodesLikeHuggingFace() {
        Tokenizer tokenizer = TokenizerJson.parse(Fixtures.resource("gpt2-style.tokenizer.json"));
        assertSameIds(tokenizer, "gpt2-style.ids.json");
    }

    @Test
    void prefixSpaceEncodesLikeHuggingFace() {
        BpeTokenizer plain = (BpeTokenizer) TokenizerJson.parse(Fixtures.resource("gpt2-style.tokenizer.json"));
        BpeTokenizer prefixed = plain.toBuilder().preTokenizer(PreTokenizer.byteLevel(true, true)).build();
        assertSameIds(prefixed, "gpt2-prefix.ids.json");
    }

    @Test
    void llama3StyleSplitWithNfcAndIgnoreMergesEncodesLikeHuggingFace() {
        Tokenizer tokenizer = TokenizerJson.parse(Fixtures.resource("split-style.tokenizer.json"));
        BpeTokenizer bpe = assertInstanceOf(BpeTokenizer.class, tokenizer);
        assertEquals(PreTokenizer.Style.SPLIT_THEN_BYTE_LEVEL, bpe.preTokenizer().style());
        assertEquals(BpeTokenizer.Normalization.NFC, bpe.normalization());
        assertEquals(true, bpe.ignoreMerges());
        assertSameIds(tokenizer, "split-style.ids.json");
    }

    @Test
    void ourTrainedTokenizerEncodesTheOracleTextsLikeHuggingFace() {
        assertSameIds(Fixtures.trainedOnCorpus(), "gpt2-style.ids.json");
    }

    private static void assertSameIds(Tokenizer tokenizer, String idsResource) {
        List<String> texts = Fixtures.oracleTexts();
        List<int[]> expected = Fixtures.oracleIds(idsResource);
        assertEquals(texts.size(), expected.size());
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            int[] want = expected.get(i);
            assertArrayEquals(want, tokenizer.encode(text), () -> "text " + escaped(text) + ": HF " + Arrays.toString(want));
        }
    }

    private static String escaped(String text) {
        return text.codePoints()
                .mapToObj(c -> c < 0x7F && c >= 0x20 ? Character.toString(c) : String.format("\\u{%X}", c))
                .reduce("\"", String::concat) + "\"";
    }
}
