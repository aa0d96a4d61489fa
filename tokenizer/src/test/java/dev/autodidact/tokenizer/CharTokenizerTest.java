package dev.autodidact.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class CharTokenizerTest {

    private final CharTokenizer tasks = CharTokenizer.forTasks();

    @Test
    void specialTokensComeFirstThenTheAlphabetInOrder() {
        assertEquals(0, tasks.pad());
        assertEquals(Markers.DEFAULT.size() + CharTokenizer.TASK_ALPHABET.length(), tasks.vocabSize());
        assertEquals("0", tasks.token(Markers.DEFAULT.size()));
        assertEquals(OptionalInt.of(Markers.DEFAULT.size() + 1), tasks.id("1"));
        assertEquals(Markers.DEFAULT, tasks.specialTokens());
    }

    @Test
    void taskTraceRoundTripsWithEachMarkerAsOneId() {
        String trace = "<bos>347+589=<think>7+9=16 c1;4+8+1=13 c1;3+5+1=9 c0;</think><ans>936</ans><eos>";
        int[] ids = tasks.encode(trace);
        assertEquals(trace, tasks.decode(ids));
        assertEquals(tasks.bos(), ids[0]);
        assertEquals(tasks.eos(), ids[ids.length - 1]);
        assertEquals(1, Arrays.stream(ids).filter(id -> id == tasks.specialId(Markers.THINK)).count());
        // 8 + 3*~10 characters and 6 markers: every character is one id.
        assertEquals(trace.replaceAll("<[^>]+>", "").length() + 6, ids.length);
    }

    @Test
    void markerInADifferentCaseIsNotSpecial() {
        CharTokenizer letters = CharTokenizer.of("<>/abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", Markers.DEFAULT);
        int[] ids = letters.encode("<THINK></Think>");
        assertEquals("<THINK></Think>".length(), ids.length);
        assertFalse(Arrays.stream(ids).anyMatch(letters::isSpecial));
    }

    @Test
    void encodeOrdinaryDoesNotRecogniseMarkers() {
        int[] ids = tasks.encodeOrdinary("<eos>");
        assertEquals(5, ids.length);
        assertFalse(Arrays.stream(ids).anyMatch(tasks::isSpecial));
    }

    @Test
    void unknownCharacterIsAnErrorNamingItAndItsOffset() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> tasks.encode("12+X=3"));
        assertTrue(e.getMessage().contains("'X' (U+0058 LATIN CAPITAL LETTER X) at offset 3"), e.getMessage());
    }

    @Test
    void unknownCharacterMapsToUnkWhenConfigured() {
        CharTokenizer lenient = CharTokenizer.withUnknownAsUnk("0123456789+=", List.of(Markers.PAD, Markers.EOS));
        int unk = lenient.unk().orElseThrow();
        assertEquals(2, unk);
        assertArrayEquals(new int[] {lenient.id("1").getAsInt(), unk, unk, lenient.id("=").getAsInt()},
                lenient.encode("1X😀="));
        assertEquals("1<unk><unk>=", lenient.decode(lenient.encode("1X😀=")));
    }

    @Test
    void charactersBeyondTheBasicPlaneAreSingleIds() {
        CharTokenizer emoji = CharTokenizer.of("ab😀", List.of());
        assertArrayEquals(new int[] {0, 2, 1}, emoji.encode("a😀b"));
        assertEquals("a😀b", emoji.decode(new int[] {0, 2, 1}));
    }

    @Test
    void decodeCanSkipSpecialTokens() {
        int[] ids = tasks.encode("<bos>12<eos>");
        assertEquals("12", tasks.decode(ids, true));
    }

    @Test
    void badAlphabetsAndIdsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> CharTokenizer.of("abca", List.of()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> tasks.decode(new int[] {9999}));
        assertTrue(e.getMessage().contains("9999"), e.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> CharTokenizer.of("ab", List.of()).specialId(Markers.EOS));
        assertTrue(missing.getMessage().contains("<eos>"), missing.getMessage());
    }
}
