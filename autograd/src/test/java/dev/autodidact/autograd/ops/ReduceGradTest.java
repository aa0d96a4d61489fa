package dev.autodidact.autograd.ops;

import dev.autodidact.autograd.GradCheck;
import dev.autodidact.autograd.Inputs;
import dev.autodidact.autograd.Tape;
import dev.autodidact.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Reductions, softmax and log-softmax against central differences, over every axis, with and without keepDim. */
class ReduceGradTest {

    @AfterEach
    void clearTape() {
        Tape.clear();
    }

    @Test
    void sumAndMeanOverEachAxisMatchFiniteDifferences() {
        Tensor x = Inputs.normal(1, 2, 3, 4);
        GradCheck.check("sumAll", v -> v[0].sum(), x);
        GradCheck.check("meanAll", v -> v[0].mean(), x);
        for (int axis = -1; axis < 3; axis++) {
            for (boolean keep : new boolean[] {false, true}) {
                int a = axis;
                GradCheck.check("sum" + a + keep, v -> v[0].sum(a, keep), x);
                GradCheck.check("mean" + a + keep, v -> v[0].mean(a, keep), x);
            }
        }
    }

    @Test
    void maxAndMinPassTheGradientToTheSelectedElement() {
        Tensor x = Inputs.distinct(2, 3, 4, 2);
        for (int axis = 0; axis < 3; axis++) {
            for (boolean keep : new boolean[] {false, true}) {
                int a = axis;
                GradCheck.check("max" + a + keep, v -> v[0].max(a, keep), x);
                GradCheck.check("min" + a + keep, v -> v[0].min(a, keep), x);
            }
        }
    }

    @Test
    void varianceAndLogsumexpMatchFiniteDifferences() {
        Tensor x = Inputs.normal(3, 3, 5);
        for (int axis = 0; axis < 2; axis++) {
            int a = axis;
            GradCheck.check("var" + a, v -> v[0].var(a, false, 1), x);
            GradCheck.check("varPop" + a, v -> v[0].var(a, true, 0), x);
            GradCheck.check("logsumexp" + a, v -> v[0].logsumexp(a, false), x);
            GradCheck.check("logsumexpKeep" + a, v -> v[0].logsumexp(a, true), x);
        }
    }

    @Test
    void softmaxAndLogSoftmaxMatchFiniteDifferences() {
        Tensor x = Inputs.normal(4, 2, 3, 5).mul(2f);
        GradCheck.check("softmax", v -> v[0].softmax(), x);
        GradCheck.check("logSoftmax", v -> v[0].logSoftmax(), x);
        // through a non-contiguous view of the input
        GradCheck.check("softmaxOfTranspose", v -> v[0].transpose(1, 2).softmax(), x);
    }
}
