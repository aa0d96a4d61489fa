package dev.autodidact.rl.train;

import dev.autodidact.autograd.Var;
import dev.autodidact.rl.loss.ValueLoss;
import dev.autodidact.rl.math.SplitMix64;
import dev.autodidact.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ValueHeadLossTest {
    private static final int N = 5, L = 7;

    @Test
    void matchesValueLossOnAllResponseTokensInValueAndGradient() {
        for (long seed = 1; seed <= 5; seed++) {
            SplitMix64 r = new SplitMix64(seed);
            int[] lengths = new int[N];
            float[] v = new float[N * L], old = new float[N * L], ret = new float[N * L], mask = new float[N * L];
            int tokens = 0;
            for (int i = 0; i < N; i++) {
                lengths[i] = i == 0 ? L : r.nextInt(1, L);
                tokens += lengths[i];
            }
            double[] fv = new double[tokens], fold = new double[tokens], fret = new double[tokens];
            int k = 0;
            for (int i = 0; i < N; i++)
                for (int t = 0; t < L; t++) {
                    int at = i * L + t;
                    v[at] = (float) (2 * r.nextDouble() - 1);
                    old[at] = (float) (v[at] + 0.8 * r.nextDouble() - 0.4);   // |V - V_old| up to 0.4: both sides of clip 0.2
                    ret[at] = (float) (2 * r.nextDouble() - 1);
                    if (t < lengths[i]) {
                        mask[at] = 1;
                        fv[k] = v[at];
                        fold[k] = old[at];
                        fret[k] = ret[at];
                        k++;
                    } else {
                        v[at] = 9f;   // padding junk must not count
                    }
                }
            Var values = Var.leaf(Tensor.of(v, N, L));
            ValueHeadLoss.Result got = ValueHeadLoss.compute(values, Tensor.of(mask, N, L), Tensor.of(old, N, L), Tensor.of(ret, N, L), 0.2);
            double want = ValueLoss.loss(fv, fold, fret, 0.2);
            assertEquals(want, got.loss().item(), 1e-5 * Math.max(1, Math.abs(want)));
            assertTrue(got.clipFraction() > 0 && got.clipFraction() < 1, "both branches exercised: " + got.clipFraction());
            got.loss().backward();
            float[] grad = values.grad().toArray();
            k = 0;
            for (int i = 0; i < N; i++)
                for (int t = 0; t < L; t++) {
                    if (t >= lengths[i]) {
                        assertEquals(0.0, Math.abs(grad[i * L + t]), "padding gets no gradient");
                        continue;
                    }
                    double h = 1e-6, saved = fv[k];
                    fv[k] = saved + h;
                    double up = ValueLoss.loss(fv, fold, fret, 0.2);
                    fv[k] = saved - h;
                    double down = ValueLoss.loss(fv, fold, fret, 0.2);
                    fv[k] = saved;
                    assertEquals((up - down) / (2 * h), grad[i * L + t], 1e-4, "d loss / d V[" + i + "," + t + "], seed " + seed);
                    k++;
                }
        }
    }

    @Test
    void refusesAMaskWithoutTokens() {
        Tensor z = Tensor.of(new float[4], 2, 2);
        var e = assertThrows(IllegalArgumentException.class, () -> ValueHeadLoss.compute(Var.leaf(z), z, z, z, 0.2));
        assertTrue(e.getMessage().contains("no response token"), e.getMessage());
    }

    @Test
    void halvesOverTheWholeBatchsTokenCountAddUpToTheBatch() {
        SplitMix64 r = new SplitMix64(11);
        float[] v = new float[N * L], old = new float[N * L], ret = new float[N * L], mask = new float[N * L];
        double tokens = 0;
        for (int i = 0; i < N; i++) {
            int len = i == 0 ? L : r.nextInt(1, L);
            for (int t = 0; t < L; t++) {
                int at = i * L + t;
                v[at] = (float) (2 * r.nextDouble() - 1);
                old[at] = (float) (v[at] + 0.8 * r.nextDouble() - 0.4);
                ret[at] = (float) (2 * r.nextDouble() - 1);
                if (t < len) {
                    mask[at] = 1;
                    tokens++;
                }
            }
        }
        Var whole = Var.leaf(Tensor.of(v, N, L));
        ValueHeadLoss.Result all = ValueHeadLoss.compute(whole, Tensor.of(mask, N, L), Tensor.of(old, N, L), Tensor.of(ret, N, L), 0.2);
        all.loss().backward();
        double loss = 0, clip = 0;
        float[] grad = new float[N * L];
        int cut = 2;
        for (int[] rows : new int[][] {{0, cut}, {cut, N}}) {
            int n = rows[1] - rows[0], from = rows[0] * L, to = rows[1] * L;
            Var part = Var.leaf(Tensor.of(java.util.Arrays.copyOfRange(v, from, to), n, L));
            ValueHeadLoss.Result got = ValueHeadLoss.compute(part, Tensor.of(java.util.Arrays.copyOfRange(mask, from, to), n, L),
                    Tensor.of(java.util.Arrays.copyOfRange(old, from, to), n, L), Tensor.of(java.util.Arrays.copyOfRange(ret, from, to), n, L), 0.2, tokens);
            got.loss().backward();
            loss += got.loss().item();
            clip += got.clipFraction();
            System.arraycopy(part.grad().toArray(), 0, grad, from, n * L);
        }
        assertEquals(all.loss().item(), loss, 1e-6);
        assertEquals(all.clipFraction(), clip, 1e-12);
        float[] g = whole.grad().toArray();
        for (int k = 0; k < g.length; k++) assertEquals(g[k], grad[k], 1e-7f, "gradient at " + k);
    }
}
