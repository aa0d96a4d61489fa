package dev.autodidact.rl.train;

import dev.autodidact.autograd.Var;
import dev.autodidact.rl.loss.Aggregation;
import dev.autodidact.rl.loss.ClipRange;
import dev.autodidact.rl.loss.KlEstimator;
import dev.autodidact.rl.loss.PolicyLoss;
import dev.autodidact.rl.math.SplitMix64;
import dev.autodidact.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class GrpoLossTest {
    private static final int N = 6, L = 9;

    /** Random responses of lengths 1..L, log-probs whose ratios cover both clips and the dual clip. */
    private record Batch(int[] lengths, double[][] adv, double[][] logp, double[][] old, double[][] ref) {
        static Batch random(long seed, boolean perTokenAdvantages) {
            SplitMix64 r = new SplitMix64(seed);
            int[] lengths = new int[N];
            double[][] adv = new double[N][], logp = new double[N][], old = new double[N][], ref = new double[N][];
            for (int i = 0; i < N; i++) {
                lengths[i] = i == 0 ? L : r.nextInt(1, L);
                adv[i] = new double[lengths[i]];
                logp[i] = new double[lengths[i]];
                old[i] = new double[lengths[i]];
                ref[i] = new double[lengths[i]];
                double a = 4 * r.nextDouble() - 2;
                for (int t = 0; t < lengths[i]; t++) {
                    adv[i][t] = perTokenAdvantages ? 4 * r.nextDouble() - 2 : a;
                    logp[i][t] = -3 * r.nextDouble();
                    old[i][t] = logp[i][t] + (2.6 * r.nextDouble() - 1.3);     // ratio in [e^-1.3, e^1.3] ~ [0.27, 3.7]
                    ref[i][t] = logp[i][t] + (3 * r.nextDouble() - 1.5);
                }
            }
            return new Batch(lengths, adv, logp, old, ref);
        }

        Tensor padded(double[][] rows, float fill) {
            float[] out = new float[N * L];
            java.util.Arrays.fill(out, fill);
            for (int i = 0; i < N; i++) for (int t = 0; t < rows[i].length; t++) out[i * L + t] = (float) rows[i][t];
            return Tensor.of(out, N, L);
        }

        Tensor mask() {
            float[] m = new float[N * L];
            for (int i = 0; i < N; i++) for (int t = 0; t < lengths[i]; t++) m[i * L + t] = 1f;
            return Tensor.of(m, N, L);
        }

        /** The reference sees the float-rounded inputs the tensor version sees. */
        double[][] rounded(double[][] rows) {
            double[][] out = new double[N][];
            for (int i = 0; i < N; i++) {
                out[i] = new double[rows[i].length];
                for (int t = 0; t < rows[i].length; t++) out[i][t] = (float) rows[i][t];
            }
            return out;
        }
    }

    private static void assertMatchesReference(PolicyLoss.Config cfg, long seed, boolean perTokenAdvantages) {
        Batch b = Batch.random(seed, perTokenAdvantages);
        // Padding holds junk on purpose: it must not change the loss or receive gradient.
        Var logp = Var.leaf(b.padded(b.logp, -7f));
        GrpoLoss.Result got = GrpoLoss.compute(logp, b.mask(), b.padded(b.adv, 5f), b.padded(b.old, 0f), b.padded(b.ref, 3f), cfg);
        got.loss().backward();
        PolicyLoss.Result want = PolicyLoss.compute(b.rounded(b.adv), b.rounded(b.logp), b.rounded(b.old), b.rounded(b.ref), cfg);

        assertEquals(want.loss(), got.loss().item(), 1e-5 * (1 + Math.abs(want.loss())), "loss, " + cfg);
        assertEquals(want.policyLoss(), got.policyLoss(), 1e-5 * (1 + Math.abs(want.policyLoss())), "policy loss");
        assertEquals(want.klLoss(), got.klLoss(), 1e-5 * (1 + Math.abs(want.klLoss())), "kl");
        assertEquals(want.clipFraction(), got.clipFraction(), 1e-12, "clip fraction");
        float[] g = logp.grad().toArray();
        for (int i = 0; i < N; i++)
            for (int t = 0; t < L; t++) {
                double expected = t < b.lengths[i] ? want.gradient()[i][t] : 0;
                assertEquals(expected, g[i * L + t], 1e-6 + 1e-4 * Math.abs(expected), "d loss / d logp[" + i + "][" + t + "], " + cfg);
            }
    }

    @Test
    void lossAndGradientMatchTheReferenceForEveryAggregationAndKlEstimator() {
        long seed = 1;
        for (Aggregation agg : Aggregation.values())
            for (KlEstimator kl : KlEstimator.values())
                for (double beta : new double[] {0, 0.04, 1.0})
                    for (ClipRange clip : new ClipRange[] {ClipRange.clipHigher(), ClipRange.standard(), ClipRange.withoutDualClip(0.1, 0.5)})
                        assertMatchesReference(new PolicyLoss.Config(clip, beta, kl, agg, L + 3), seed++, seed % 2 == 0);
    }

    @Test
    void grpoAndDrGrpoPresetsMatchTheReference() {
        for (long seed = 100; seed < 120; seed++) {
            assertMatchesReference(PolicyLoss.Config.grpo(0.01), seed, false);
            assertMatchesReference(PolicyLoss.Config.drGrpo(L), seed, false);
        }
    }

    @Test
    void partsWithTheBatchsResponseWeightsAddUpToTheBatch() {
        for (Aggregation agg : Aggregation.values()) {
            PolicyLoss.Config cfg = new PolicyLoss.Config(ClipRange.standard(), 0.04, KlEstimator.values()[0], agg, L + 3);
            Batch b = Batch.random(50 + agg.ordinal(), false);
            Tensor mask = b.mask(), adv = b.padded(b.adv, 0f), old = b.padded(b.old, 0f), ref = b.padded(b.ref, 0f);
            Var whole = Var.leaf(b.padded(b.logp, 0f));
            GrpoLoss.Result all = GrpoLoss.compute(whole, mask, adv, old, ref, cfg);
            all.loss().backward();
            double[] perResponse = agg.tokenWeights(b.lengths, cfg.maxLength());
            int cut = N / 2;
            double loss = 0, policy = 0, clipped = 0;
            long tokens = 0;
            float[] grad = new float[N * L];
            for (int[] rows : new int[][] {{0, cut}, {cut, N}}) {
                int n = rows[1] - rows[0];
                Var part = Var.leaf(b.padded(b.logp, 0f).narrow(0, rows[0], n).contiguous());
                GrpoLoss.Result r = GrpoLoss.compute(part, mask.narrow(0, rows[0], n).contiguous(), adv.narrow(0, rows[0], n).contiguous(),
                        old.narrow(0, rows[0], n).contiguous(), ref.narrow(0, rows[0], n).contiguous(), cfg,
                        java.util.Arrays.copyOfRange(perResponse, rows[0], rows[1]));
                r.loss().backward();
                loss += r.loss().item();
                policy += r.policyLoss();
                clipped += r.clipFraction() * r.tokens();
                tokens += r.tokens();
                System.arraycopy(part.grad().toArray(), 0, grad, rows[0] * L, n * L);
            }
            assertEquals(all.loss().item(), loss, 1e-5 * (1 + Math.abs(loss)), agg + ": loss");
            assertEquals(all.policyLoss(), policy, 1e-5 * (1 + Math.abs(policy)), agg + ": policy loss");
            assertEquals(all.tokens(), tokens);
            assertEquals(all.clipFraction(), clipped / tokens, 1e-12, agg + ": clip fraction");
            float[] wholeGrad = whole.grad().toArray();
            for (int i = 0; i < grad.length; i++) assertEquals(wholeGrad[i], grad[i], 1e-6f, agg + ": gradient at " + i);
        }
    }

    @Test
    void theFirstOnPolicyEpochHasRatioOneAndNoClipping() {
        Batch b = Batch.random(7, false);
        Tensor logpOld = b.padded(b.logp, 0f);
        GrpoLoss.Result r = GrpoLoss.compute(Var.leaf(b.padded(b.logp, 0f)), b.mask(), b.padded(b.adv, 0f), logpOld, logpOld, PolicyLoss.Config.grpo(0.1));
        assertEquals(1.0, r.ratioMean(), 1e-6);
        assertEquals(0.0, r.clipFraction());
        assertEquals(0.0, r.klLoss(), 1e-7);
    }
}
