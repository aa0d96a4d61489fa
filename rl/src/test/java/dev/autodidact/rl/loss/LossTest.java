package dev.autodidact.rl.loss;

import org.junit.jupiter.api.Test;

import static dev.autodidact.rl.SpecVectors.assertSig7;
import static org.junit.jupiter.api.Assertions.*;

class LossTest {
    private final ClipRange spec = new ClipRange(0.2, 0.2, 3.0);

    @Test
    void specVector4K3Kl() {
        assertSig7(0.1065307, KlEstimator.K3.estimate(-1.0, -1.5), "k3");
        assertEquals(0.5, KlEstimator.K1.estimate(-1.0, -1.5));
        assertEquals(0.125, KlEstimator.K2.estimate(-1.0, -1.5));
        assertEquals(0.5, KlEstimator.ABS.estimate(-1.0, -1.5));
        assertEquals(10, KlEstimator.K3.estimate(-20, 0), "clamped");
        for (double logp = -3; logp < 0; logp += 0.37) assertTrue(KlEstimator.K3.estimate(logp, -1.2) >= 0, "k3 is never negative");
    }

    @Test
    void klGradientsMatchFiniteDifferences() {
        double h = 1e-6;
        for (KlEstimator k : KlEstimator.values())
            for (double[] p : new double[][] {{-1, -1.5}, {-2, -0.7}, {-0.3, -0.4}}) {
                double numeric = (k.estimate(p[0] + h, p[1]) - k.estimate(p[0] - h, p[1])) / (2 * h);
                assertEquals(numeric, k.gradient(p[0], p[1]), 1e-6, k + " at " + p[0] + ", " + p[1]);
            }
    }

    @Test
    void specVector5ClippedSurrogate() {
        assertSig7(-1.2, ClippedSurrogate.loss(1, 1.5, spec), "A=+1, rho=1.5");
        assertSig7(0.8, ClippedSurrogate.loss(-1, 0.5, spec), "A=-1, rho=0.5");
        assertSig7(3.0, ClippedSurrogate.loss(-1, 5, spec), "A=-1, rho=5 (dual clip)");
        assertEquals(ClippedSurrogate.Branch.CLIPPED, ClippedSurrogate.branch(1, 1.5, spec));
        assertEquals(ClippedSurrogate.Branch.CLIPPED, ClippedSurrogate.branch(-1, 0.5, spec));
        assertEquals(ClippedSurrogate.Branch.DUAL_CLIPPED, ClippedSurrogate.branch(-1, 5, spec));
        assertEquals(ClippedSurrogate.Branch.UNCLIPPED, ClippedSurrogate.branch(-1, 1.5, spec));
        assertSig7(-1.2, ClippedSurrogate.lossFromLogProbs(1, Math.log(1.5), 0, spec), "from log-probs");
    }

    @Test
    void clipHigherAndNoDualClip() {
        assertEquals(-1.3, ClippedSurrogate.loss(1, 1.5, ClipRange.clipHigher()), 1e-15);
        assertEquals(-0.5, ClippedSurrogate.loss(1, 0.5, ClipRange.clipHigher()), 1e-15, "below the range a positive advantage keeps the pessimistic unclipped term");
        assertEquals(ClippedSurrogate.Branch.UNCLIPPED, ClippedSurrogate.branch(1, 0.5, spec));
        assertEquals(5, ClippedSurrogate.loss(-1, 5, ClipRange.withoutDualClip(0.2, 0.2)));
        assertEquals(-1, ClippedSurrogate.loss(1, 1, spec), "on-policy: rho = 1, l = -A");
        assertThrows(IllegalArgumentException.class, () -> new ClipRange(0.2, 0.2, 0.5));
    }

    @Test
    void surrogateGradientFlowsOnlyOnTheUnclippedBranch() {
        double h = 1e-6;
        for (double a : new double[] {1, -1, 0.4})
            for (double logp : new double[] {-1.0, -0.7, -0.95, 0.8}) {
                double numeric = (ClippedSurrogate.lossFromLogProbs(a, logp + h, -1, spec) - ClippedSurrogate.lossFromLogProbs(a, logp - h, -1, spec)) / (2 * h);
                assertEquals(numeric, ClippedSurrogate.gradient(a, logp, -1, spec), 1e-6, "A=" + a + " logp=" + logp);
            }
    }

    @Test
    void specVector16DpoAndIpo() {
        assertSig7(0.5543552, Dpo.lossOfMargin(3, 0.1), "DPO");
        assertEquals(4, Ipo.lossOfMargin(3, 0.1), 1e-12);
        assertEquals(3, Dpo.margin(-10, -20, -12, -19));
        assertSig7(0.5543552, Dpo.loss(-10, -20, -12, -19, 0.1), "DPO from log-prob sums");
        assertEquals(4, Ipo.loss(-10, -20, -12, -19, 0.1), 1e-12);
        assertEquals(Math.log(2), Dpo.lossOfMargin(0, 0.1), 1e-15);
        assertEquals(1000, Dpo.lossOfMargin(-1e4, 0.1), 1e-9, "stable for large margins");
        assertEquals(0, Dpo.lossOfMargin(1e5, 0.1), 1e-300);
        double h = 1e-6;
        assertEquals((Dpo.lossOfMargin(3 + h, 0.1) - Dpo.lossOfMargin(3 - h, 0.1)) / (2 * h), Dpo.gradientOfMargin(3, 0.1), 1e-9);
        assertEquals(-4, Ipo.gradientOfMargin(3, 0.1), 1e-12);
    }

    @Test
    void aggregationModes() {
        double[][] l = {{1, 2, 3}, {4}};
        assertEquals(10 / 4.0, Aggregation.TOKEN_MEAN.aggregate(l, 0));
        assertEquals((2 + 4) / 2.0, Aggregation.SEQ_MEAN_TOKEN_MEAN.aggregate(l, 0));
        assertEquals(10 / 2.0, Aggregation.SEQ_MEAN_TOKEN_SUM.aggregate(l, 0));
        assertEquals(10 / 8.0, Aggregation.SEQ_MEAN_TOKEN_SUM_NORM.aggregate(l, 8));
        for (Aggregation a : Aggregation.values()) {
            double[] w = a.tokenWeights(new int[] {3, 1}, 8);
            assertEquals(a.aggregate(l, 8), w[0] * 6 + w[1] * 4, 1e-15, a + " weights reproduce the aggregate");
        }
        assertThrows(IllegalArgumentException.class, () -> Aggregation.SEQ_MEAN_TOKEN_SUM_NORM.aggregate(l, 0));
    }

    @Test
    void drGrpoNormIsLengthIndependentPerToken() {
        // a long and a short wrong answer with the same per-token loss: token-mean-per-sequence hides the length, the norm does not
        double[][] l = {{1, 1, 1, 1, 1, 1}, {1, 1}};
        assertEquals(1, Aggregation.SEQ_MEAN_TOKEN_MEAN.aggregate(l, 0));
        assertEquals(8 / 6.0, Aggregation.SEQ_MEAN_TOKEN_SUM_NORM.aggregate(l, 6));
    }

    @Test
    void policyLossCombinesSurrogateAndKlAndItsGradientMatchesFiniteDifferences() {
        double[][] adv = PolicyLoss.broadcast(new double[] {1.2, -0.7}, new int[] {3, 2});
        double[][] logp = {{-1.0, -0.5, -2.0}, {-0.3, -1.1}};
        double[][] old = {{-1.1, -0.9, -1.9}, {-0.3, -2.0}};
        double[][] ref = {{-1.3, -0.4, -2.2}, {-0.2, -1.0}};
        for (Aggregation agg : Aggregation.values()) {
            PolicyLoss.Config cfg = new PolicyLoss.Config(ClipRange.clipHigher(), 0.05, KlEstimator.K3, agg, 4);
            PolicyLoss.Result r = PolicyLoss.compute(adv, logp, old, ref, cfg);
            double[][] sur = new double[2][], kl = new double[2][];
            for (int i = 0; i < 2; i++) {
                sur[i] = new double[logp[i].length];
                kl[i] = new double[logp[i].length];
                for (int t = 0; t < logp[i].length; t++) {
                    sur[i][t] = ClippedSurrogate.lossFromLogProbs(adv[i][t], logp[i][t], old[i][t], cfg.clip());
                    kl[i][t] = KlEstimator.K3.estimate(logp[i][t], ref[i][t]);
                }
            }
            assertEquals(agg.aggregate(sur, 4) + 0.05 * agg.aggregate(kl, 4), r.loss(), 1e-15, agg.toString());
            double h = 1e-6;
            for (int i = 0; i < 2; i++)
                for (int t = 0; t < logp[i].length; t++) {
                    double saved = logp[i][t];
                    logp[i][t] = saved + h;
                    double up = PolicyLoss.compute(adv, logp, old, ref, cfg).loss();
                    logp[i][t] = saved - h;
                    double down = PolicyLoss.compute(adv, logp, old, ref, cfg).loss();
                    logp[i][t] = saved;
                    assertEquals((up - down) / (2 * h), r.gradient()[i][t], 1e-6, agg + " token " + i + "," + t);
                }
        }
        PolicyLoss.Result r = PolicyLoss.compute(adv, logp, old, new double[0][], new PolicyLoss.Config(ClipRange.standard(), 0, KlEstimator.K3, Aggregation.TOKEN_MEAN, 0));
        assertEquals(0, r.klLoss());
        assertEquals(1 / 5.0, r.clipFraction(), "only token 0,1 (A > 0, ratio 1.49) is clipped; token 1,1 (A < 0, ratio 2.46) keeps the larger unclipped loss");
    }

    @Test
    void policyLossRejectsRaggedMismatches() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PolicyLoss.compute(
                new double[][] {{1, 1}}, new double[][] {{-1, -1, -1}}, new double[][] {{-1, -1, -1}}, new double[][] {{-1, -1, -1}}, PolicyLoss.Config.grpo(0.01)));
        assertTrue(e.getMessage().contains("response 0 has 3 log-probs but 2 advantages"), e.getMessage());
    }

    @Test
    void valueLossClipsAroundTheOldValue() {
        // V moved from 0 to 1 with clip 0.2; return 0.1: unclipped error 0.81, clipped (0.2 - 0.1)^2 = 0.01, max -> 0.81
        assertEquals(0.5 * 0.81, ValueLoss.loss(new double[] {1}, new double[] {0}, new double[] {0.1}, 0.2), 1e-12);
        // return 2: unclipped (1 - 2)^2 = 1, clipped (0.2 - 2)^2 = 3.24 -> pessimistic max 3.24
        assertEquals(0.5 * 3.24, ValueLoss.loss(new double[] {1}, new double[] {0}, new double[] {2}, 0.2), 1e-12);
    }

    @Test
    void adaptiveKlMovesBetaTowardTheTarget() {
        AdaptiveKlController c = new AdaptiveKlController(0.1, 0.05, 100);
        assertEquals(0.1 * (1 + 0.2 * 10 / 100), c.update(1.0, 10), 1e-15, "error clipped to +0.2");
        double before = c.beta();
        assertTrue(c.update(0.01, 10) < before);
    }
}
