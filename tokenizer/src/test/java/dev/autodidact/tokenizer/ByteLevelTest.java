package dev.autodidact.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ByteLevelTest {

    @Test
    void everyByteHasItsOwnPrintableCharacterAndMapsBack() {
        Set<Character> seen = new HashSet<>();
        for (int b = 0; b < 256; b++) {
            char c = ByteLevel.charOf(b);
            assertTrue(seen.add(c), "byte " + b + " shares its character");
            assertTrue(!Character.isWhitespace(c) && !Character.isISOControl(c), "byte " + b + " maps to unprintable " + (int) c);
            assertEquals(b, ByteLevel.byteOf(c));
        }
    }

    @Test
    void matchesGpt2Table() {
        assertEquals('Ġ', ByteLevel.charOf(' '));      // U+0120: why GPT-2 tokens start with Ġ
        assertEquals('Ċ', ByteLevel.charOf('\n'));     // U+010A
        assertEquals('Ā', ByteLevel.charOf(0));        // U+0100: the first non-printable byte
        assertEquals('a', ByteLevel.charOf('a'));
        assertEquals('Ń', ByteLevel.charOf(0xAD));     // U+0143: soft hyphen, the last one
        assertEquals(-1, ByteLevel.byteOf('Ɛ'));
    }

    @Test
    void alphabetIsInCodePointOrderStartingWithExclamationMark() {
        char[] alphabet = ByteLevel.alphabet();
        assertEquals(256, alphabet.length);
        assertEquals('!', alphabet[0]);
        assertEquals('Ń', alphabet[255]);
        for (int i = 1; i < alphabet.length; i++) {
            assertTrue(alphabet[i - 1] < alphabet[i]);
        }
    }

    @Test
    void encodeThenDecodeGivesTheBytesBack() {
        byte[] bytes = "héllo wörld 😀\n".getBytes(StandardCharsets.UTF_8);
        String spelled = ByteLevel.encode(bytes);
        assertEquals(bytes.length, spelled.length());
        assertArrayEquals(bytes, ByteLevel.decode(spelled));
    }

    @Test
    void decodingACharacterThatIsNoByteNamesIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ByteLevel.decode("abƐ"));
        assertTrue(e.getMessage().contains("U+0190") && e.getMessage().contains("offset 2"), e.getMessage());
    }
}
