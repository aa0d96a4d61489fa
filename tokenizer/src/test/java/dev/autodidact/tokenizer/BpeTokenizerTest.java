package dev.autodidact.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BpeTokenizerTest {

    private final BpeTokenizer trained = Fixtures.trainedOnCorpus();

    @Test
    void decodeOfEncodeIsTheIdentityOnRandomText() {
        SplittableRandom random = new SplittableRandom(2024);
        BpeTokenizer bytes = BpeTokenizer.bytes(Markers.DEFAULT);
        for (int i = 0; i < 2000; i++) {
            String text = Fixtures.randomText(random, 60);
            assertEquals(text, trained.decode(trained.encode(text)), () -> "trained, text " + codePoints(text));
            assertEquals(text, bytes.decode(bytes.encode(text)), () -> "bytes, text " + codePoints(text));
        }
    }

    @Test
    void roundTripCoversTheAwkwardCases() {
        for (String text : List.of("", " ", "\n\n\n", "   \t  \r\n ", "e\u0301\u0302", "日本語", "👩‍💻🇫🇷",
                "ǅ", "\u0000\u007f", "a".repeat(500), "<think>x</think>", "<THINK>")) {
            assertEquals(text, trained.decode(trained.encode(text)), () -> codePoints(text));
        }
        assertArrayEquals(new int[0], trained.encode(""));
    }

    @Test
    void mergingMatchesTheNaiveReferenceOnEveryWord() {
        SplittableRandom random = new SplittableRandom(5);
        List<Merge> merges = trained.merges();
        int words = 0;
        for (String document : Fixtures.corpusDocuments().subList(0, 40)) {
            for (String word : trained.preTokenizer().words(document)) {
                assertWordMatchesNaive(word, merges);
                words++;
            }
        }
        for (int i = 0; i < 300; i++) {
            for (String word : trained.preTokenizer().words(Fixtures.randomText(random, 20))) {
                assertWordMatchesNaive(word, merges);
                words++;
            }
        }
        assertTrue(words > 2000, "only " + words + " words checked");
    }

    private void assertWordMatchesNaive(String word, List<Merge> merges) {
        String spelled = ByteLevel.encode(word.getBytes(StandardCharsets.UTF_8));
        int[] expected = Fixtures.naiveMerge(spelled, merges).stream().mapToInt(t -> trained.id(t).getAsInt()).toArray();
        assertArrayEquals(expected, trained.encodeOrdinary(word), () -> "word " + codePoints(word));
    }

    @Test
    void mergesApplyLowestRankFirstThenLeftmost() {
        // "aaa" with the single merge a a: the leftmost pair merges, leaving [aa, a].
        BpeTokenizer tiny = tinyTokenizer(List.of(new Merge("a", "a")));
        assertArrayEquals(new int[] {tiny.id("aa").getAsInt(), tiny.id("a").getAsInt()}, tiny.encode("aaa"));
        // With b c ranked before a b, "abc" becomes [a, bc] even though a b appears first.
        BpeTokenizer ranked = tinyTokenizer(List.of(new Merge("b", "c"), new Merge("a", "b")));
        assertArrayEquals(new int[] {ranked.id("a").getAsInt(), ranked.id("bc").getAsInt()}, ranked.encode("abc"));
    }

    @Test
    void specialTokensInsideTextAreSingleIds() {
        int[] ids = trained.encode("the<think>the</think>");
        int think = trained.specialId("<think>");
        int endThink = trained.specialId("</think>");
        int the = trained.id("the").getAsInt();
        assertArrayEquals(new int[] {the, think, the, endThink}, ids);
    }

    @Test
    void textResemblingASpecialTokenInAnotherCaseIsNotSpecial() {
        for (String text : List.of("<THINK>", "<Think>", "</THINK>", "< think>", "<think")) {
            int[] ids = trained.encode(text);
            assertTrue(ids.length > 1, text);
            assertFalse(Arrays.stream(ids).anyMatch(trained::isSpecial), text);
            assertEquals(text, trained.decode(ids));
        }
    }

    @Test
    void encodeOrdinaryTreatsSpecialSpellingsAsText() {
        int[] ids = trained.encodeOrdinary("<eos>");
        assertTrue(ids.length > 1);
        assertFalse(Arrays.stream(ids).anyMatch(trained::isSpecial));
    }

    @Test
    void decodeCanSkipSpecialTokensAndRepairsCutCharacters() {
        assertEquals("ab", trained.decode(trained.encode("<bos>a<eos>b"), true));
        BpeTokenizer bytes = BpeTokenizer.bytes(List.of());
        int[] ids = bytes.encode("é");             // two bytes: C3 A9
        assertEquals("\uFFFD", bytes.decode(new int[] {ids[0]}));
    }

    @Test
    void byteWithoutASymbolIsAnErrorUnlessThereIsAnUnknownToken() {
        Map<String, Integer> vocab = new LinkedHashMap<>();
        vocab.put("<unk>", 0);
        vocab.put("a", 1);
        BpeTokenizer strict = BpeTokenizer.builder().vocab(vocab).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> strict.encode("ab"));
        assertTrue(e.getMessage().contains("0x62"), e.getMessage());
        BpeTokenizer lenient = strict.toBuilder().unkToken(Optional.of("<unk>")).fuseUnk(true).build();
        assertArrayEquals(new int[] {1, 0}, lenient.encode("abbb"));
        BpeTokenizer unfused = strict.toBuilder().unkToken(Optional.of("<unk>")).build();
        assertArrayEquals(new int[] {1, 0, 0, 0}, unfused.encode("abbb"));
    }

    @Test
    void wordCacheStopsGrowingAtItsCapacity() {
        BpeTokenizer small = trained.toBuilder().cacheCapacity(5).build();
        small.encode("one two three four five six seven eight nine ten");
        assertEquals(5, small.cachedWords());
        assertArrayEquals(trained.encode("six seven"), small.encode("six seven"));
        BpeTokenizer none = trained.toBuilder().cacheCapacity(0).build();
        assertArrayEquals(trained.encode("one two"), none.encode("one two"));
        assertEquals(0, none.cachedWords());
    }

    @Test
    void inconsistentVocabulariesAreRefusedWithTheReason() {
        Map<String, Integer> clash = Map.of("a", 0, "b", 0);
        assertTrue(message(() -> BpeTokenizer.builder().vocab(clash).build()).contains("id 0 is given to both"));
        Map<String, Integer> gap = Map.of("a", 0, "b", 2);
        assertTrue(message(() -> BpeTokenizer.builder().vocab(gap).build()).contains("id 1 is missing"));
        Map<String, Integer> ab = Map.of("a", 0, "b", 1);
        assertTrue(message(() -> BpeTokenizer.builder().vocab(ab).merges(List.of(new Merge("a", "b"))).build())
                .contains("symbol \"ab\" is not in the vocabulary"));
        assertTrue(message(() -> BpeTokenizer.builder().vocab(ab).addedTokens(List.of(new AddedToken(0, "b", true))).build())
                .contains("vocabulary gives it id 1"));
    }

    @Test
    void idsOutsideTheVocabularyAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> trained.decode(new int[] {-3}));
        assertTrue(e.getMessage().contains("id -3"), e.getMessage());
    }

    /** Byte symbols for a..c plus the merged symbols the merges need. */
    private static BpeTokenizer tinyTokenizer(List<Merge> merges) {
        Map<String, Integer> vocab = new LinkedHashMap<>();
        for (String symbol : List.of("a", "b", "c")) {
            vocab.put(symbol, vocab.size());
        }
        for (Merge merge : merges) {
            vocab.putIfAbsent(merge.merged(), vocab.size());
        }
        return BpeTokenizer.builder().vocab(vocab).merges(merges).build();
    }

    private static String message(Runnable action) {
        return assertThrows(IllegalArgumentException.class, action::run).getMessage();
    }

    private static String codePoints(String text) {
        return text.codePoints().mapToObj(c -> String.format("U+%04X", c)).toList().toString();
    }
}
