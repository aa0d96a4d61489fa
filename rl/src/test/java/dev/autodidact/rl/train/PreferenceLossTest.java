package dev.autodidact.rl.train;

import dev.autodidact.autograd.Var;
import dev.autodidact.rl.loss.Dpo;
import dev.autodidact.rl.loss.Ipo;
import dev.autodidact.rl.math.SplitMix64;
import dev.autodidact.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PreferenceLossTest {
    private static final int P = 4, L = 6;

    /** Random pairs: token log-probs (rows 0..P-1 chosen, P..2P-1 rejected), lengths, reference sums. */
    private record Pairs(double[][] logp, double[] refChosen, double[] refRejected) {
        static Pairs random(long seed) {
            SplitMix64 r = new SplitMix64(seed);
            double[][] logp = new double[2 * P][];
            for (int i = 0; i < 2 * P; i++) {
                logp[i] = new double[i == 0 ? L : r.nextInt(1, L)];
                for (int t = 0; t < logp[i].length; t++) logp[i][t] = (float) (-2 * r.nextDouble());
            }
            double[] rc = new double[P], rr = new double[P];
            for (int i = 0; i < P; i++) {
                rc[i] = sum(logp[i]) + 4 * r.nextDouble() - 2;
                rr[i] = sum(logp[P + i]) + 4 * r.nextDouble() - 2;
            }
            return new Pairs(logp, rc, rr);
        }

        Tensor padded(float fill) {
            float[] out = new float[2 * P * L];
            java.util.Arrays.fill(out, fill);
            for (int i = 0; i < 2 * P; i++) for (int t = 0; t < logp[i].length; t++) out[i * L + t] = (float) logp[i][t];
            return Tensor.of(out, 2 * P, L);
        }

        Tensor mask() {
            float[] m = new float[2 * P * L];
            for (int i = 0; i < 2 * P; i++) for (int t = 0; t < logp[i].length; t++) m[i * L + t] = 1f;
            return Tensor.of(m, 2 * P, L);
        }

        double referenceLoss(PreferenceLoss.Kind kind, double strength) {
            double s = 0;
            for (int i = 0; i < P; i++) {
                double pc = sum(logp[i]), pr = sum(logp[P + i]);
                s += kind == PreferenceLoss.Kind.DPO ? Dpo.loss(pc, pr, refChosen[i], refRejected[i], strength)
                        : Ipo.loss(pc, pr, refChosen[i], refRejected[i], strength);
            }
            return s / P;
        }
    }

    static double sum(double[] x) {
        double s = 0;
        for (double v : x) s += v;
        return s;
    }

    @Test
    void matchesDpoAndIpoInValueAndInTheNumericalGradient() {
        for (PreferenceLoss.Kind kind : PreferenceLoss.Kind.values())
            for (long seed = 1; seed <= 4; seed++) {
                Pairs p = Pairs.random(seed);
                double strength = kind == PreferenceLoss.Kind.DPO ? 0.3 : 0.1;
                Var logp = Var.leaf(p.padded(-5f));
                PreferenceLoss.Result got = PreferenceLoss.compute(kind, logp, p.mask(), p.refChosen, p.refRejected, strength);
                double want = p.referenceLoss(kind, strength);
                assertEquals(want, got.loss().item(), 2e-5 * Math.max(1, Math.abs(want)), kind + " seed " + seed);
                for (int i = 0; i < P; i++)
                    assertEquals(Dpo.margin(sum(p.logp[i]), sum(p.logp[P + i]), p.refChosen[i], p.refRejected[i]), got.margins()[i], 1e-4);
                got.loss().backward();
                float[] g = logp.grad().toArray();
                for (int i = 0; i < 2 * P; i++)
                    for (int t = 0; t < L; t++) {
                        if (t >= p.logp[i].length) {
                            assertEquals(0.0, Math.abs(g[i * L + t]), "padding gets no gradient");
                            continue;
                        }
                        double h = 1e-5, saved = p.logp[i][t];
                        p.logp[i][t] = saved + h;
                        double up = p.referenceLoss(kind, strength);
                        p.logp[i][t] = saved - h;
                        double down = p.referenceLoss(kind, strength);
                        p.logp[i][t] = saved;
                        assertEquals((up - down) / (2 * h), g[i * L + t], 2e-4, kind + " d loss / d logp[" + i + "," + t + "]");
                    }
            }
    }

    @Test
    void reproducesTestVector16() {
        // One pair with h = 3: chosen sums -1 against reference -4, rejected sums equal to the reference.
        Tensor logp = Tensor.of(new float[] {-0.5f, -0.5f, -2f, 0f}, 2, 2), mask = Tensor.of(new float[] {1, 1, 1, 0}, 2, 2);
        double[] rc = {-4}, rr = {-2};
        assertEquals(0.5543552, PreferenceLoss.compute(PreferenceLoss.Kind.DPO, Var.leaf(logp), mask, rc, rr, 0.1).loss().item(), 1e-6);
        assertEquals(4.0, PreferenceLoss.compute(PreferenceLoss.Kind.IPO, Var.leaf(logp), mask, rc, rr, 0.1).loss().item(), 1e-5);
    }

    @Test
    void theDpoGradientIsMinusHalfBetaWhereThePolicyStillEqualsTheReference() {
        // Online DPO starts at h = 0 exactly; softplus written with max/abs kinks would give no gradient there.
        Var logp = Var.leaf(Tensor.of(new float[] {-1f, -2f}, 2, 1));
        PreferenceLoss.Result r = PreferenceLoss.compute(PreferenceLoss.Kind.DPO, logp, Tensor.of(new float[] {1, 1}, 2, 1), new double[] {-1}, new double[] {-2}, 0.1);
        assertEquals(0, r.margins()[0], 0);
        r.loss().backward();
        assertEquals(Dpo.gradientOfMargin(0, 0.1), logp.grad().toArray()[0], 1e-7);
        assertEquals(-Dpo.gradientOfMargin(0, 0.1), logp.grad().toArray()[1], 1e-7);
    }

    @Test
    void aHugeMarginNeitherOverflowsNorLosesItsGradient() {
        Var logp = Var.leaf(Tensor.of(new float[] {-1f, -2f}, 2, 1));
        // h = -1000 + 1 = -999: beta h far beyond exp's float range.
        PreferenceLoss.Result r = PreferenceLoss.compute(PreferenceLoss.Kind.DPO, logp, Tensor.of(new float[] {1, 1}, 2, 1), new double[] {999}, new double[] {-2}, 0.1);
        assertEquals(Dpo.lossOfMargin(-1000, 0.1), r.loss().item(), 1e-3);
        r.loss().backward();
        assertTrue(Float.isFinite(logp.grad().toArray()[0]));
        assertEquals(-0.1, logp.grad().toArray()[0], 1e-6);
    }
}
