package dev.autodidact.autograd.fused;

import dev.autodidact.autograd.Compare;
import dev.autodidact.autograd.GradCheck;
import dev.autodidact.autograd.Inputs;
import dev.autodidact.autograd.Tape;
import dev.autodidact.autograd.Var;
import dev.autodidact.tensor.IntTensor;
import dev.autodidact.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Cross-entropy and log-softmax-gather: gradient checks and equality with log-softmax → gather compositions. */
class LossesTest {

    @AfterEach
    void clearTape() {
        Tape.clear();
    }

    private static final int IGNORE = -100;
    private final Tensor logits = Inputs.normal(1, 2, 3, 5).mul(2f);
    private final IntTensor targets = IntTensor.of(new int[] {4, IGNORE, 0, 2, 2, IGNORE}, 2, 3);
    private final Tensor weights = Tensor.of(new float[] {0.5f, 3f, 1f, 2f, 0f, 1f}, 2, 3);

    /** The same loss from primitives: ignored targets read class 0 with weight 0. */
    private Var composed(Var x, Tensor w, CrossEntropy.Reduction red) {
        int[] safe = targets.data().clone();
        float[] keep = w.toArray();
        for (int i = 0; i < safe.length; i++) if (safe[i] == IGNORE) { safe[i] = 0; keep[i] = 0; }
        Tensor k = Tensor.of(keep, 2, 3);
        Var per = x.logSoftmax().gatherLast(IntTensor.of(safe, 2, 3)).neg().mul(Var.constant(k));
        return switch (red) {
            case NONE -> per;
            case SUM -> per.sum();
            case MEAN -> per.sum().div(k.sum().item());
        };
    }

    @Test
    void crossEntropyWithIgnoreIndexAndWeightsMatchesFiniteDifferencesAndComposition() {
        for (CrossEntropy.Reduction red : CrossEntropy.Reduction.values()) {
            GradCheck.check("crossEntropy " + red, v -> CrossEntropy.loss(v[0], targets, IGNORE, weights, red), logits);
            Compare.fusedMatchesComposition("crossEntropy " + red, v -> CrossEntropy.loss(v[0], targets, IGNORE, weights, red),
                    v -> composed(v[0], weights, red), 1e-5, logits);
            Compare.fusedMatchesComposition("crossEntropy unweighted " + red, v -> CrossEntropy.loss(v[0], targets, IGNORE, null, red),
                    v -> composed(v[0], Tensor.ones(2, 3), red), 1e-5, logits);
        }
    }

    @Test
    void crossEntropyOfUniformLogitsIsLogV() {
        Var l = CrossEntropy.loss(Var.constant(Tensor.zeros(4, 7)), IntTensor.vector(0, 3, 6, 2));
        assertEquals(Math.log(7), l.item(), 1e-6);
    }

    @Test
    void crossEntropyOfOnlyIgnoredTokensIsZeroNotNaN() {
        Var x = Var.leaf(Inputs.normal(2, 2, 4));
        Var l = CrossEntropy.loss(x, IntTensor.vector(IGNORE, IGNORE), IGNORE, null, CrossEntropy.Reduction.MEAN);
        assertEquals(0f, l.item());
        l.backward();
        assertArrayEquals(new float[8], x.grad().toArray());
    }

    @Test
    void crossEntropyRejectsOutOfRangeTargetsAndMisshapenWeights() {
        var e = assertThrows(IndexOutOfBoundsException.class, () -> CrossEntropy.loss(Var.constant(Tensor.zeros(2, 3)), IntTensor.vector(1, 3)));
        assertTrue(e.getMessage().contains("target 3"), e.getMessage());
        var e2 = assertThrows(IllegalArgumentException.class, () -> CrossEntropy.loss(Var.constant(Tensor.zeros(2, 3)), IntTensor.vector(1, 2), -1, Tensor.ones(3), CrossEntropy.Reduction.SUM));
        assertTrue(e2.getMessage().contains("[3]") && e2.getMessage().contains("[2]"), e2.getMessage());
    }

    @Test
    void logSoftmaxGatherMatchesFiniteDifferencesAndComposition() {
        IntTensor tokens = IntTensor.of(new int[] {4, 1, 0, 2, 2, 3}, 2, 3);
        GradCheck.check("logSoftmaxGather", v -> LogProbs.logSoftmaxGather(v[0], tokens), logits);
        Compare.fusedMatchesComposition("logSoftmaxGather", v -> LogProbs.logSoftmaxGather(v[0], tokens), v -> v[0].logSoftmax().gatherLast(tokens), 1e-5, logits);
    }
}
