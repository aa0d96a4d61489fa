package dev.autodidact.autograd;

import dev.autodidact.tensor.Parallel;
import dev.autodidact.tensor.Tensor;
import dev.autodidact.tensor.random.Rng;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class DataParallelTest {
    private static final int N = 10, IN = 7, HID = 33, OUT = 3;

    /** Parameters: w1 [IN, HID] (used whole and as a narrowed view), w2 [HID, OUT]. */
    private static List<Var> params() {
        Rng r = Rng.of(3);
        return List.of(Var.leaf(Tensor.normal(r, 0, 0.5f, IN, HID)), Var.leaf(Tensor.normal(r, 0, 0.5f, HID, OUT)));
    }

    /** Mean over rows [lo, hi) of a small MLP's squared error, times (hi − lo)/N, so the parts add up to the batch's mean. */
    private static Var loss(List<Var> p, Tensor x, Tensor y, int lo, int hi) {
        Var xs = Var.constant(x.narrow(0, lo, hi - lo)), ys = Var.constant(y.narrow(0, lo, hi - lo));
        Var h = xs.matmul(p.get(0)).tanh();
        // A narrowed parameter: its gradient reaches the leaf through a region (accumulateRegion).
        Var extra = xs.matmul(p.get(0).narrow(1, 0, OUT));
        Var out = h.matmul(p.get(1)).add(extra);
        return out.sub(ys).square().mean().mul((hi - lo) / (float) N);
    }

    private static float[][] grads(List<Var> p) {
        return new float[][] {p.get(0).grad().toArray(), p.get(1).grad().toArray()};
    }

    @Test
    void partsAddUpToTheBatchAndDoNotDependOnTheThreadCount() {
        Rng r = Rng.of(4);
        Tensor x = Tensor.normal(r, 0, 1, N, IN), y = Tensor.normal(r, 0, 1, N, OUT);
        int[] cut = {0, 4, N};   // parts of 4 and 6 rows

        List<Var> whole = params();
        Var full = loss(whole, x, y, 0, N);
        full.backward();
        float[][] want = grads(whole);

        int threads = Parallel.threads();
        float[][][] got = new float[2][][];
        float[][] losses = new float[2][];
        try {
            for (int t = 1; t <= 2; t++) {
                Parallel.setThreads(t);
                List<Var> p = params();
                DataParallel dp = new DataParallel(2);
                for (int step = 0; step < 2; step++) {   // a second step reuses the scopes' buffers
                    p.forEach(Var::zeroGrad);
                    losses[t - 1] = dp.step(part -> loss(p, x, y, cut[part], cut[part + 1]));
                }
                got[t - 1] = grads(p);
            }
        } finally {
            Parallel.setThreads(threads);
        }
        for (int q = 0; q < 2; q++) {
            assertArrayEquals(got[0][q], got[1][q], "parameter " + q + ": 1 and 2 threads differ");
            for (int i = 0; i < want[q].length; i++) {
                assertEquals(want[q][i], got[0][q][i], 1e-5 * (1 + Math.abs(want[q][i])), "parameter " + q + " at " + i);
            }
        }
        assertArrayEquals(losses[0], losses[1]);
        assertEquals(full.item(), losses[0][0] + losses[0][1], 1e-5);
    }

    @Test
    void onePartOfARunnerGivesTheUnsplitGradientsBitForBit() {
        Rng r = Rng.of(6);
        Tensor x = Tensor.normal(r, 0, 1, N, IN), y = Tensor.normal(r, 0, 1, N, OUT);
        List<Var> plain = params();
        loss(plain, x, y, 0, N).backward();
        List<Var> viaRunner = params();
        DataParallel dp = new DataParallel(2);
        dp.step(1, part -> loss(viaRunner, x, y, 0, N));
        float[][] want = grads(plain), got = grads(viaRunner);
        for (int q = 0; q < 2; q++) assertArrayEquals(want[q], got[q], "parameter " + q);
        assertThrows(IllegalArgumentException.class, () -> dp.step(3, part -> loss(viaRunner, x, y, 0, N)));
    }

    @Test
    void aFailingPartSurfacesItsError() {
        DataParallel dp = new DataParallel(2);
        var e = assertThrows(IllegalStateException.class, () -> dp.step(part -> {
            throw new IllegalStateException("part " + part + " failed");
        }));
        assertTrue(e.getMessage().contains("failed"));
        assertThrows(IllegalArgumentException.class, () -> new DataParallel(0));
    }
}
