package dev.autodidact.transformer;

import dev.autodidact.autograd.DataParallel;
import dev.autodidact.autograd.Var;
import dev.autodidact.tensor.IntTensor;
import dev.autodidact.tensor.Parallel;
import dev.autodidact.tensor.random.Rng;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** A transformer training step split into two parts: the same gradients on 1 and 2 threads, close to the unsplit batch. */
class DataParallelStepTest {
    private static final int B = 6, T = 8;

    private static Map<String, float[]> grads(Transformer m) {
        Map<String, float[]> g = new LinkedHashMap<>();
        m.namedParameters().forEach((name, p) -> g.put(name, p.grad() == null ? null : p.grad().toArray()));
        return g;
    }

    private static void check(ModelConfig c) {
        Rng r = Rng.of(9);
        int[] x = new int[B * T], y = new int[B * T];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextInt(c.vocabSize());
            y[i] = r.nextInt(c.vocabSize());
        }
        Transformer whole = new Transformer(c, 1);
        Var full = whole.loss(IntTensor.of(x, B, T), null, IntTensor.of(y, B, T), null);
        full.backward();
        Map<String, float[]> want = grads(whole);

        int threads = Parallel.threads();
        Map<String, float[]>[] got = new Map[2];
        float[][] losses = new float[2][];
        try {
            for (int t = 1; t <= 2; t++) {
                Parallel.setThreads(t);
                Transformer m = new Transformer(c, 1);
                DataParallel dp = new DataParallel(2);
                losses[t - 1] = dp.step(p -> {
                    int r0 = p * B / 2, r1 = (p + 1) * B / 2, n = r1 - r0;
                    IntTensor xs = IntTensor.of(Arrays.copyOfRange(x, r0 * T, r1 * T), n, T), ys = IntTensor.of(Arrays.copyOfRange(y, r0 * T, r1 * T), n, T);
                    return m.loss(xs, null, ys, null).mul(n / (float) B);
                });
                got[t - 1] = grads(m);
            }
        } finally {
            Parallel.setThreads(threads);
        }
        assertArrayEquals(losses[0], losses[1]);
        assertEquals(full.item(), losses[0][0] + losses[0][1], 1e-5);
        for (String name : want.keySet()) {
            float[] w = want.get(name), one = got[0].get(name), two = got[1].get(name);
            assertNotNull(w, name);
            assertArrayEquals(one, two, name + ": 1 and 2 threads differ");
            for (int i = 0; i < w.length; i++) assertEquals(w[i], one[i], 2e-5 * (1 + Math.abs(w[i])), name + " at " + i);
        }
    }

    @Test
    void gpt2Style() {
        check(ModelConfig.gpt2Style(23, 32, 2, 4, T));
    }

    @Test
    void llamaStyle() {
        check(ModelConfig.llamaStyle(23, 32, 2, 4, 2, T));
    }
}
