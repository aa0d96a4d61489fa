package dev.autodidact.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class MarkersTest {

    @Test
    void defaultSetHoldsEveryMarkerOfSectionC1OnceWithPadFirst() {
        List<String> c1 = List.of("<bos>", "<eos>", "<pad>", "<think>", "</think>", "<ans>", "</ans>", "<nothink>",
                "<judge>", "<yes>", "<no>", "<s0>", "<s5>", "<c0>", "<c9>", "<idk>", "<wait>", "<v1>", "<v2>",
                "<peer>", "</peer>", "<r0>", "<r7>");
        assertTrue(Markers.DEFAULT.containsAll(c1), () -> "missing: " + c1.stream().filter(m -> !Markers.DEFAULT.contains(m)).toList());
        assertEquals(Markers.DEFAULT.size(), new HashSet<>(Markers.DEFAULT).size());
        assertEquals(Markers.PAD, Markers.DEFAULT.get(0));
        assertTrue(!Markers.DEFAULT.contains(Markers.UNK));
        assertEquals(6 + 10 + 8, Markers.DEFAULT.stream().filter(m -> m.matches("<[scr]\\d>")).count());
    }

    @Test
    void indexedMarkersCheckTheirRange() {
        assertEquals("<s3>", Markers.score(3));
        assertEquals("<r7>", Markers.reserved(7));
        assertEquals("<c9>", Markers.confidenceOf(1.0));
        assertEquals("<c4>", Markers.confidenceOf(0.45));
        assertEquals("<c0>", Markers.confidenceOf(0.0));
        assertThrows(IllegalArgumentException.class, () -> Markers.score(6));
        assertThrows(IllegalArgumentException.class, () -> Markers.confidenceOf(Double.NaN));
    }
}
