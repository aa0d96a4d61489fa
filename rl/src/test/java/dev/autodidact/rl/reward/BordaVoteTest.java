package dev.autodidact.rl.reward;

import dev.autodidact.rl.task.Answer;
import dev.autodidact.rl.task.Equivalence;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.autodidact.rl.SpecVectors.assertSig7;
import static org.junit.jupiter.api.Assertions.*;

class BordaVoteTest {
    private final List<Answer> answers = Groups.of("1", "1", "1", "2", "2").answers();
    private final double[] certainty = {0.1, 0.2, 0.3, 0.9, 0.8};

    /** The Borda score of one answer's cluster. */
    private double score(MajorityVote.Result r, String answer, double power) {
        return r.clusters().stream().filter(c -> ((Answer.Valid) c.representative()).text().equals(answer)).findFirst().orElseThrow()
                .members().stream().mapToDouble(i -> BordaVote.weights(certainty, power)[i]).sum();
    }

    @Test
    void specVector8PowerZeroIsMajorityVote() {
        MajorityVote.Result r = BordaVote.vote(answers, certainty, 0, Equivalence.EXACT);
        assertEquals("1", r.winner().orElseThrow().text());
        assertEquals(3, r.score());
        assertEquals(2, score(r, "2", 0));
    }

    @Test
    void specVector8HalfPowerLetsTheConfidentMinorityWin() {
        MajorityVote.Result r = BordaVote.vote(answers, certainty, 0.5, Equivalence.EXACT);
        assertEquals("2", r.winner().orElseThrow().text());
        assertSig7(4.236068, r.score(), "B");
        assertSig7(4.146264, score(r, "1", 0.5), "A");
    }

    @Test
    void specVector8PowerTwo() {
        MajorityVote.Result r = BordaVote.vote(answers, certainty, 2, Equivalence.EXACT);
        assertEquals(41, r.score(), 1e-12);
        assertEquals(14, score(r, "1", 2), 1e-12);
    }

    @Test
    void nullAnswersKeepTheirRankButCastNoVote() {
        MajorityVote.Result r = BordaVote.vote(Groups.of(null, "1", "2").answers(), new double[] {0.9, 0.1, 0.5}, 1, Equivalence.EXACT);
        assertEquals("2", r.winner().orElseThrow().text());
        assertEquals(2, r.score(), "rank 2 of 3 -> (3 - 2 + 1)^1");
    }
}
