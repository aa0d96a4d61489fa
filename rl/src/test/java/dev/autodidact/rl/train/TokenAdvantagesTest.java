package dev.autodidact.rl.train;

import dev.autodidact.rl.advantage.Gae;
import dev.autodidact.rl.advantage.ReinforcePlusPlus;
import dev.autodidact.rl.advantage.Whitening;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class TokenAdvantagesTest {
    private static final double[] OUTCOMES = {1, 0, 1};
    private static final float[][] OLD = {{-0.5f, -1f, -0.2f}, {-2f}, {-0.1f, -0.3f}};
    private static final float[][] REF = {{-0.7f, -0.9f, -0.2f}, {-1.5f}, {-0.4f, -0.3f}};

    @Test
    void reinforcePlusPlusPutsTheKlInTheRewardAndWhitensTheReturnsOverTheBatch() {
        TokenAdvantages a = TokenAdvantages.of(OUTCOMES, OLD, REF, 0.1, 0.9, 1.0, null);
        double[][] rewards = new double[3][];
        for (int i = 0; i < 3; i++) rewards[i] = Gae.ppoTokenRewards(TokenAdvantages.doubles(OLD[i]), TokenAdvantages.doubles(REF[i]), 0.1, OUTCOMES[i]);
        // Written out for the first token: -0.1 * (-0.5 + 0.7) = -0.02 per-token penalty, outcome 1 on the last token.
        assertEquals(-0.02, rewards[0][0], 1e-7);
        double[][] want = ReinforcePlusPlus.advantages(rewards, 0.9);
        for (int i = 0; i < 3; i++) assertArrayEquals(TokenAdvantages.floats(want)[i], a.advantages()[i], 1e-6f);
        assertNull(a.returns());
        assertEquals((0.2 - 0.1 + 0 - 0.5 + 0.3 + 0) / 6, a.klMean(), 1e-6);
    }

    @Test
    void ppoRunsGaeAgainstTheValuesAndWhitensOnlyTheAdvantages() {
        float[][] values = {{0.2f, 0.4f, 0.6f}, {0.1f}, {0.5f, 0.3f}};
        TokenAdvantages a = TokenAdvantages.of(OUTCOMES, OLD, REF, 0.05, 1.0, 0.95, values);
        double[][] adv = new double[3][];
        for (int i = 0; i < 3; i++) {
            Gae.Estimate e = Gae.estimate(Gae.ppoTokenRewards(TokenAdvantages.doubles(OLD[i]), TokenAdvantages.doubles(REF[i]), 0.05, OUTCOMES[i]),
                    TokenAdvantages.doubles(values[i]), 1.0, 0.95);
            adv[i] = e.advantages();
            assertArrayEquals(TokenAdvantages.floats(new double[][] {e.returns()})[0], a.returns()[i], 1e-6f, "returns are not whitened");
        }
        double[][] white = Whitening.whiten(adv, true);
        for (int i = 0; i < 3; i++) assertArrayEquals(TokenAdvantages.floats(white)[i], a.advantages()[i], 1e-6f);
    }

    @Test
    void withoutAReferenceThereIsNoKlTerm() {
        TokenAdvantages a = TokenAdvantages.of(OUTCOMES, OLD, new float[0][], 0.1, 1.0, 1.0, null);
        double[][] rewards = {{0, 0, 1}, {0}, {0, 1}};
        double[][] want = ReinforcePlusPlus.advantages(rewards, 1.0);
        for (int i = 0; i < 3; i++) assertArrayEquals(TokenAdvantages.floats(want)[i], a.advantages()[i], 1e-6f);
        assertEquals(0, a.klMean());
    }
}
