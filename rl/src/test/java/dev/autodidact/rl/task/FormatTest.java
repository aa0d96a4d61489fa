package dev.autodidact.rl.task;

import dev.autodidact.rl.math.Rational;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.*;

class FormatTest {

    @Test
    void responsesFollowTheSharedLayout() {
        assertEquals("<think>7+9=16 c1;4+8+1=13 c1;</think><ans>136</ans><eos>",
                Format.response(List.of("7+9=16 c1", "4+8+1=13 c1"), "136"));
        assertEquals("<bos>347+589=", Format.prompt("347+589="));
        assertThrows(IllegalArgumentException.class, () -> Format.response(List.of("a;b"), "1"));
    }

    @Test
    void theLastAnswerTagPairWins() {
        assertEquals(Optional.of("7"), Format.taggedAnswer("<ans>5</ans> no wait <ans>7</ans>"));
        assertEquals(Optional.empty(), Format.taggedAnswer("<ans>5</ans><ans>7"));
        assertEquals(Optional.empty(), Format.taggedAnswer("the answer is 7"));
    }

    @Test
    void missingAndMalformedAnswersAreDistinctOutcomes() {
        assertEquals(new Answer.Missing(), Format.numericAnswer("<think>1+1=2;</think>"));
        Answer malformed = Format.numericAnswer("<ans>1.5</ans>");
        assertInstanceOf(Answer.Malformed.class, malformed);
        assertTrue(((Answer.Malformed) malformed).reason().contains("'1.5' is not an integer or a fraction"));
        assertEquals(new Answer.Valid(" 6/4 ", Rational.of(3, 2)), Format.numericAnswer("<ans> 6/4 </ans><eos>"));
    }

    @Test
    void nullIsNeverEqualToAnythingNotEvenNull() {
        Answer missing = new Answer.Missing(), bad = new Answer.Malformed("x", "x is not a number.");
        Answer three = Format.numericAnswer("<ans>3</ans>"), alsoThree = Format.numericAnswer("<ans>003</ans>");
        assertTrue(Answer.eq(three, alsoThree));
        assertTrue(Equivalence.EXACT.test(three, alsoThree));
        assertFalse(Answer.eq(missing, missing));
        assertFalse(Answer.eq(bad, bad));
        assertFalse(Equivalence.EXACT.test(missing, three));
    }

    @Test
    void wellFormedMeansOneThinkBlockThenOneAnswerBlock() {
        assertTrue(Format.wellFormed("<think>7+9=16 c1;</think><ans>16</ans><eos>"));
        assertTrue(Format.wellFormed("<think></think><ans>16</ans>"));
        assertFalse(Format.wellFormed("<ans>16</ans>"));
        assertFalse(Format.wellFormed("<think>x</think>"));
        assertFalse(Format.wellFormed("<think>x</think><ans></ans>"));
        assertFalse(Format.wellFormed("<think>x</think><ans>1</ans><ans>2</ans>"));
        assertFalse(Format.wellFormed("<think>x</think>junk<ans>1</ans>"));
        assertFalse(Format.wellFormed("<think>x</think><ans>1</ans> trailing"));
    }
}
