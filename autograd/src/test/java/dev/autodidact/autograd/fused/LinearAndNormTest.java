package dev.autodidact.autograd.fused;

import dev.autodidact.autograd.Compare;
import dev.autodidact.autograd.GradCheck;
import dev.autodidact.autograd.Inputs;
import dev.autodidact.autograd.Tape;
import dev.autodidact.autograd.Var;
import dev.autodidact.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Fused linear, layer norm, RMS norm and dropout: gradient checks and equality with their primitive compositions. */
class LinearAndNormTest {

    @AfterEach
    void clearTape() {
        Tape.clear();
    }

    // Float32 rounding of two different evaluation orders: a few ulps of the largest value.
    private static final double TOL = 1e-5;

    @Test
    void linearMatchesFiniteDifferencesWithAndWithoutBias() {
        Tensor x = Inputs.normal(1, 2, 3, 4), w = Inputs.normal(2, 5, 4), b = Inputs.normal(3, 5);
        GradCheck.check("linear", v -> LinearOp.linear(v[0], v[1], v[2]), x, w, b);
        GradCheck.check("linearNoBias", v -> LinearOp.linear(v[0], v[1], null), x, w);
    }

    @Test
    void linearEqualsMatmulPlusBias() {
        Tensor x = Inputs.normal(4, 3, 7, 6), w = Inputs.normal(5, 9, 6), b = Inputs.normal(6, 9);
        Compare.fusedMatchesComposition("linear", v -> LinearOp.linear(v[0], v[1], v[2]), v -> v[0].matmul(v[1], false, true).add(v[2]), TOL, x, w, b);
    }

    @Test
    void linearAccumulatesIntoAnExistingWeightGradient() {
        Var x = Var.leaf(Inputs.normal(7, 2, 3)), w = Var.leaf(Inputs.normal(8, 4, 3));
        LinearOp.linear(x, w, null).sum().backward();
        Tensor once = w.grad().copy();
        LinearOp.linear(x, w, null).sum().backward();
        Compare.close("twice", once.mul(2f), w.grad(), 1e-6);
    }

    @Test
    void linearNamesShapesOnMismatch() {
        var e = assertThrows(IllegalArgumentException.class, () -> LinearOp.linear(Var.constant(Tensor.zeros(2, 3)), Var.constant(Tensor.zeros(4, 5)), null));
        assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("[4, 5]"), e.getMessage());
    }

    @Test
    void layerNormMatchesFiniteDifferencesAndComposition() {
        Tensor x = Inputs.normal(9, 2, 3, 6), w = Inputs.normal(10, 6), b = Inputs.normal(11, 6);
        GradCheck.check("layerNorm", v -> NormOps.layerNorm(v[0], v[1], v[2], 1e-5f), x, w, b);
        Compare.fusedMatchesComposition("layerNorm", v -> NormOps.layerNorm(v[0], v[1], v[2], 1e-5f), v -> {
            Var centered = v[0].sub(v[0].mean(-1, true));
            Var rstd = centered.square().mean(-1, true).add(1e-5f).rsqrt();
            return centered.mul(rstd).mul(v[1]).add(v[2]);
        }, 1e-4, x, w, b);
    }

    @Test
    void rmsNormMatchesFiniteDifferencesAndComposition() {
        Tensor x = Inputs.normal(12, 4, 5), w = Inputs.normal(13, 5);
        GradCheck.check("rmsNorm", v -> NormOps.rmsNorm(v[0], v[1], 1e-6f), x, w);
        Compare.fusedMatchesComposition("rmsNorm", v -> NormOps.rmsNorm(v[0], v[1], 1e-6f),
                v -> v[0].mul(v[0].square().mean(-1, true).add(1e-6f).rsqrt()).mul(v[1]), 1e-4, x, w);
    }

    @Test
    void dropoutIsSeededScalesKeptValuesAndMatchesMaskedComposition() {
        Tensor x = Inputs.normal(14, 8, 16);
        GradCheck.check("dropout", v -> DropoutOp.dropout(v[0], 0.25f, 7, 3), x);
        Tensor mask = DropoutOp.mask(x.shape(), 0.25f, 7, 3);
        Compare.fusedMatchesComposition("dropout", v -> DropoutOp.dropout(v[0], 0.25f, 7, 3), v -> v[0].mul(Var.constant(mask)), 0, x);
        assertArrayEquals(mask.toArray(), DropoutOp.mask(x.shape(), 0.25f, 7, 3).toArray(), "same seed and key, same mask");
        assertFalse(java.util.Arrays.equals(mask.toArray(), DropoutOp.mask(x.shape(), 0.25f, 7, 4).toArray()), "another key, another mask");
        int kept = 0;
        for (float m : mask.toArray()) {
            assertTrue(m == 0f || m == 1f / 0.75f);
            if (m != 0) kept++;
        }
        assertEquals(96, kept, 20, "about 3/4 of 128 kept");
    }
}
