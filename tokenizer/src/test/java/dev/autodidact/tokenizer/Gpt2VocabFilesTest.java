package dev.autodidact.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Gpt2VocabFilesTest {

    @TempDir
    Path dir;

    @Test
    void vocabAndMergesFilesRoundTripWithIdenticalIds() throws IOException {
        BpeTokenizer trained = Fixtures.trainedOnCorpus();
        Path vocab = dir.resolve("vocab.json");
        Path merges = dir.resolve("merges.txt");
        Gpt2VocabFiles.write(trained, vocab, merges);
        assertTrue(Files.readString(merges).startsWith("#version: 0.2\nh e\n"));
        BpeTokenizer loaded = Gpt2VocabFiles.read(vocab, merges, Fixtures.ORACLE_SPECIALS);
        assertEquals(trained.merges(), loaded.merges());
        assertEquals(TokenizerJson.toJson(trained), TokenizerJson.toJson(loaded));
        for (String text : Fixtures.oracleTexts()) {
            assertArrayEquals(trained.encode(text), loaded.encode(text), text);
        }
    }

    @Test
    void specialTokenMissingFromTheVocabularyGetsTheNextId() throws IOException {
        Path vocab = Files.writeString(dir.resolve("vocab.json"), "{\"a\": 0, \"b\": 1, \"ab\": 2}");
        Path merges = Files.writeString(dir.resolve("merges.txt"), "a b\n");
        BpeTokenizer loaded = Gpt2VocabFiles.read(vocab, merges, List.of("<|endoftext|>"));
        assertEquals(3, loaded.specialId("<|endoftext|>"));
        assertArrayEquals(new int[] {2, 3}, loaded.encode("ab<|endoftext|>"));
    }

    @Test
    void badMergeLineIsNamedByFileAndLine() throws IOException {
        Path vocab = Files.writeString(dir.resolve("vocab.json"), "{\"a\": 0, \"b\": 1, \"ab\": 2}");
        Path merges = Files.writeString(dir.resolve("merges.txt"), "#version: 0.2\na b\nb a\n");
        TokenizerFormatException e = assertThrows(TokenizerFormatException.class,
                () -> Gpt2VocabFiles.read(vocab, merges, List.of()));
        assertTrue(e.getMessage().contains(merges + ": line 3 \"b a\": symbol \"ba\" is not in the vocabulary"),
                e.getMessage());
    }
}
