package dev.autodidact.rl.advantage;

import org.junit.jupiter.api.Test;

import static dev.autodidact.rl.SpecVectors.assertSig7;
import static org.junit.jupiter.api.Assertions.*;

class AdvantageTest {

    @Test
    void specVector1GrpoEightSamples() {
        double[] r = {1, 0, 0, 1, 1, 0, 0, 0};
        assertEquals(0.375, Std.mean(r));
        assertSig7(0.5175492, Std.UNBIASED.of(r, 0.375), "unbiased std");
        double[] a = Grpo.advantages(r);
        for (int i = 0; i < r.length; i++) assertSig7(r[i] == 1 ? 1.207612 : -0.7245674, a[i], "A[" + i + "]");
    }

    @Test
    void specVector2GrpoAndDrGrpoFourSamples() {
        double[] r = {1, 0, 0, 1};
        assertSig7(0.5773503, Std.UNBIASED.of(r, 0.5), "std");
        double[] a = Grpo.advantages(r), dr = DrGrpo.advantages(r);
        for (int i = 0; i < 4; i++) {
            assertSig7(r[i] == 1 ? 0.8660239 : -0.8660239, a[i], "GRPO A[" + i + "]");
            assertEquals(r[i] == 1 ? 0.5 : -0.5, dr[i]);
        }
    }

    @Test
    void specVector3Rloo() {
        double[] a = Rloo.advantages(new double[] {1, 0, 0, 1});
        assertSig7(0.6666667, a[0], "RLOO A(1)");
        assertSig7(-0.6666667, a[1], "RLOO A(0)");
        double[] oreal = Rloo.advantages(new double[] {1, -1, -1, -1});
        assertEquals(2.0, oreal[0]);
        assertSig7(-0.6666667, oreal[1], "OREAL RLOO A(-1)");
    }

    @Test
    void groupsWithEqualRewardsHaveNoSignal() {
        assertArrayEquals(new double[3], Grpo.advantages(new double[] {0.1, 0.1, 0.1}), "exactly zero, no rounding noise");
        assertArrayEquals(new double[3], DrGrpo.advantages(new double[] {0.1, 0.1, 0.1}));
        assertArrayEquals(new double[3], Rloo.advantages(new double[] {0.7, 0.7, 0.7}), 1e-15);
    }

    @Test
    void aSingletonGroupUsesMeanZeroAndStdOne() {
        assertEquals(1 / (1 + Grpo.DEFAULT_EPS), Grpo.advantages(new double[] {1})[0]);
        assertEquals(0.5, Rloo.advantages(new double[] {0.5})[0]);
    }

    @Test
    void populationStdIsSelectable() {
        double[] a = Grpo.advantages(new double[] {1, 0}, 0, Std.POPULATION);
        assertArrayEquals(new double[] {1, -1}, a);
        assertArrayEquals(new double[] {Math.sqrt(0.5), -Math.sqrt(0.5)}, Grpo.advantages(new double[] {1, 0}, 0, Std.UNBIASED), 1e-15);
    }

    @Test
    void batchesAreNormalisedGroupByGroup() {
        double[] a = Grpo.batchAdvantages(new double[] {1, 0, 0, 1, 5, 5, 5, 5}, 4, Grpo.DEFAULT_EPS, Std.UNBIASED);
        assertArrayEquals(Grpo.advantages(new double[] {1, 0, 0, 1}), java.util.Arrays.copyOf(a, 4));
        assertArrayEquals(new double[4], java.util.Arrays.copyOfRange(a, 4, 8));
        assertArrayEquals(new double[] {0.5, -0.5, 1, -1}, DrGrpo.batchAdvantages(new double[] {1, 0, 3, 1}, 2));
        assertArrayEquals(new double[] {1, -1, 2, -2}, Rloo.batchAdvantages(new double[] {1, 0, 3, 1}, 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Grpo.batchAdvantages(new double[5], 4, 1e-6, Std.UNBIASED));
        assertTrue(e.getMessage().contains("5 rewards do not split into groups of 4"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Grpo.advantages(new double[] {1, Double.NaN}));
    }

    @Test
    void reinforceBaselines() {
        assertArrayEquals(new double[] {0.75, -0.25, -0.25, -0.25}, Reinforce.batchMeanBaseline(new double[] {1, 0, 0, 0}));
        assertArrayEquals(new double[] {0.5, -0.5}, Reinforce.reMax(new double[] {1, 0}, 0.5));
    }

    @Test
    void reinforcePlusPlusDiscountsThenWhitensOverTheBatch() {
        double[][] g = ReinforcePlusPlus.returns(new double[][] {{0, 0, 1}, {-0.1, 2}}, 0.5);
        assertArrayEquals(new double[] {0.25, 0.5, 1}, g[0]);
        assertArrayEquals(new double[] {0.9, 2}, g[1]);
        double[][] a = ReinforcePlusPlus.advantages(new double[][] {{0, 0, 1}, {-0.1, 2}}, 0.5);
        double mean = (0.25 + 0.5 + 1 + 0.9 + 2) / 5, ss = 0;
        for (double v : new double[] {0.25, 0.5, 1, 0.9, 2}) ss += (v - mean) * (v - mean);
        assertEquals((2 - mean) / Math.sqrt(ss / 4 + 1e-8), a[1][1], 1e-12);
        double sum = 0;
        for (double[] row : a) for (double v : row) sum += v;
        assertEquals(0, sum, 1e-12, "whitened advantages have mean 0");
    }

    @Test
    void reinforcePlusPlusBaselineCentresEachGroupBeforeWhitening() {
        double[][] a = ReinforcePlusPlus.baselineAdvantages(new double[] {1, 0, 1, 1}, 2, new int[] {2, 1, 3, 2});
        // group 1 centred to [0.5, -0.5] over 3 tokens, group 2 to [0, 0] over 5: whitening scales all by one factor
        assertEquals(a[0][0], a[0][1]);
        assertEquals(a[2][0], a[3][1], "all tokens of a group with equal rewards share one advantage");
        double mean = (0.5 + 0.5 - 0.5) / 8, ss = 2 * (0.5 - mean) * (0.5 - mean) + (-0.5 - mean) * (-0.5 - mean) + 5 * mean * mean;
        assertEquals((0.5 - mean) / Math.sqrt(ss / 7 + 1e-8), a[0][0], 1e-12);
        assertEquals((0 - mean) / Math.sqrt(ss / 7 + 1e-8), a[3][1], 1e-12);
    }

    @Test
    void gaeWithGammaAndLambdaOneIsReturnToGoMinusValue() {
        double[] rw = Gae.ppoTokenRewards(new double[] {-1, -2, -1}, new double[] {-1.5, -2, -0.5}, 0.1, 1.0);
        assertArrayEquals(new double[] {-0.05, 0, 1.05}, rw, 1e-15);
        Gae.Estimate e = Gae.estimate(rw, new double[] {0.2, 0.4, 0.6}, 1, 1);
        assertArrayEquals(new double[] {1.0 - 0.2, 1.05 - 0.4, 1.05 - 0.6}, e.advantages(), 1e-12);
        assertArrayEquals(new double[] {1.0, 1.05, 1.05}, e.returns(), 1e-12);
    }

    @Test
    void gaeMatchesItsRecursionByHand() {
        double gamma = 0.9, lambda = 0.8;
        double[] rw = {0.5, -1, 2}, v = {1, 0.5, -0.5};
        double d2 = 2 - (-0.5), d1 = -1 + gamma * -0.5 - 0.5, d0 = 0.5 + gamma * 0.5 - 1;
        double a2 = d2, a1 = d1 + gamma * lambda * a2, a0 = d0 + gamma * lambda * a1;
        Gae.Estimate e = Gae.estimate(rw, v, gamma, lambda);
        assertArrayEquals(new double[] {a0, a1, a2}, e.advantages(), 1e-12);
        assertArrayEquals(new double[] {a0 + 1, a1 + 0.5, a2 - 0.5}, e.returns(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> Gae.estimate(rw, new double[2], 1, 1));
    }
}
