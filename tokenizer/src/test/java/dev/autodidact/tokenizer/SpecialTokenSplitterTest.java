package dev.autodidact.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class SpecialTokenSplitterTest {

    @Test
    void longestSpecialTokenWinsAtAPosition() {
        SpecialTokenSplitter splitter = new SpecialTokenSplitter(List.of("<s1>", "<s10>", "<s"));
        assertEquals(List.of("a", "<s10>", "<s1>", "<s", "2>"), splitter.pieces("a<s10><s1><s2>"));
    }

    @Test
    void adjacentSpecialTokensAndPlainTextStayInOrder() {
        SpecialTokenSplitter splitter = new SpecialTokenSplitter(List.of("<think>", "</think>"));
        assertEquals(List.of("<think>", "</think>", "x", "<think>"), splitter.pieces("<think></think>x<think>"));
        assertEquals(List.of("<THINK>x</Think>"), splitter.pieces("<THINK>x</Think>"));
        assertEquals(List.of(), splitter.pieces(""));
    }

    @Test
    void duplicateOrEmptySpecialTokensAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new SpecialTokenSplitter(List.of("<a>", "<a>")));
        assertThrows(IllegalArgumentException.class, () -> new SpecialTokenSplitter(List.of("")));
    }
}
