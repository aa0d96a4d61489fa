package dev.autodidact.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PreTokenizerTest {

    private final PreTokenizer gpt2 = PreTokenizer.gpt2();

    @Test
    void gpt2SplitsContractionsWordsNumbersAndPunctuation() {
        assertEquals(List.of("Hello", " world", "'s", " ", " end", "!!", "\n"), gpt2.words("Hello world's  end!!\n"));
        assertEquals(List.of("abc", "123", "def", " 45"), gpt2.words("abc123def 45"));
    }

    @Test
    void whitespaceRunKeepsItsLastSpaceForTheNextWord() {
        assertEquals(List.of("a", "   ", " b"), gpt2.words("a    b"));
        assertEquals(List.of("a", "   "), gpt2.words("a   "));
    }

    @Test
    void unicodeWhitespaceCountsAsWhitespace() {
        // Without UNICODE_CHARACTER_CLASS Java's \s is ASCII only and U+3000 would join the punctuation class.
        assertEquals(List.of("a", "\u3000", "!"), gpt2.words("a\u3000!"));
        assertEquals(List.of("x", "\u00a0", ",", "\u2028"), gpt2.words("x\u00a0,\u2028"));
    }

    @Test
    void wordsConcatenateToTheText() {
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 300; i++) {
            String text = Fixtures.randomText(random, 40);
            assertEquals(text, String.join("", gpt2.words(text)));
        }
    }

    @Test
    void prefixSpaceIsAddedOnlyWhenMissing() {
        PreTokenizer prefixed = PreTokenizer.byteLevel(true, true);
        assertEquals(List.of(" hello", " world"), prefixed.words("hello world"));
        assertEquals(List.of(" hello"), prefixed.words(" hello"));
    }

    @Test
    void wholeStyleKeepsTheRunAsOneWord() {
        assertEquals(List.of("hello world"), PreTokenizer.whole(false, true).words("hello world"));
    }

    @Test
    void splitStyleKeepsUnmatchedTextAsWordsOfItsOwn() {
        PreTokenizer digits = PreTokenizer.split("\\p{N}{1,3}", false, true);
        assertEquals(List.of("ab", "123", "4", "cd"), digits.words("ab1234cd"));
    }

    @Test
    void patternJavaCannotCompileIsRefusedWithThePattern() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PreTokenizer.split("(unclosed", false, true));
        assertTrue(e.getMessage().contains("/(unclosed/"), e.getMessage());
    }
}
