package dev.autodidact.autograd.ops;

import dev.autodidact.autograd.GradCheck;
import dev.autodidact.autograd.Inputs;
import dev.autodidact.autograd.Tape;
import dev.autodidact.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Views against central differences. Each view is followed by a non-linear op (square) so that
 * a wrong index mapping changes which element's gradient is checked.
 */
class ViewGradTest {

    @AfterEach
    void clearTape() {
        Tape.clear();
    }

    private final Tensor x = Inputs.normal(1, 2, 3, 4);

    @Test
    void reshapeAndContiguousPassGradientsThrough() {
        GradCheck.check("reshape", v -> v[0].reshape(4, -1).square(), x);
        GradCheck.check("reshapeOfTranspose", v -> v[0].transpose(0, 2).reshape(-1).square(), x);
        GradCheck.check("contiguous", v -> v[0].permute(2, 0, 1).contiguous().square(), x);
    }

    @Test
    void permuteAndTransposeMapGradientsBack() {
        GradCheck.check("permute", v -> v[0].permute(2, 0, 1).square(), x);
        GradCheck.check("transpose", v -> v[0].transpose(-1, 0).square(), x);
    }

    @Test
    void narrowSliceAndSelectScatterIntoZeros() {
        GradCheck.check("narrow", v -> v[0].narrow(2, 1, 2).square(), x);
        GradCheck.check("slice", v -> v[0].slice(2, 0, 4, 2).square(), x);
        GradCheck.check("sliceNegative", v -> v[0].slice(1, -2, 3, 1).square(), x);
        GradCheck.check("select", v -> v[0].select(1, 2).square(), x);
    }

    @Test
    void expandSumsOverBroadcastAxes() {
        Tensor y = Inputs.normal(2, 3, 1);
        GradCheck.check("expand", v -> v[0].expand(2, 3, 4).square(), y);
        GradCheck.check("expandNewAxis", v -> v[0].expand(5, 3, 2).square(), y);
    }

    @Test
    void squeezeAndUnsqueezeAreInverse() {
        Tensor y = Inputs.normal(3, 3, 1, 2);
        GradCheck.check("squeeze", v -> v[0].squeeze(1).square(), y);
        GradCheck.check("unsqueeze", v -> v[0].unsqueeze(-1).square(), y);
        GradCheck.check("unsqueezeFront", v -> v[0].unsqueeze(0).square(), y);
    }

    @Test
    void severalSlicesOfOneInputAccumulateIntoOneGradient() {
        // q, k, v from one [2, 3, 4] tensor, as attention splits a fused projection; x also used whole.
        GradCheck.check("threeSelects", v -> v[0].select(1, 0).mul(v[0].select(1, 1)).add(v[0].select(1, 2).square()).sum(1, false), x);
        GradCheck.check("narrowsAndWhole", v -> v[0].narrow(2, 0, 2).mul(v[0].narrow(2, 2, 2)).sum(2, true).add(v[0]), x);
        GradCheck.check("slicesOfALeafAndAView", v -> v[0].transpose(0, 2).slice(0, 0, 4, 2).add(v[0].transpose(0, 2).slice(0, 1, 4, 2)).square(), x);
    }
}
