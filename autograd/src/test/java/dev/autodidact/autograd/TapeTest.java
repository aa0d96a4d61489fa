package dev.autodidact.autograd;

import dev.autodidact.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class TapeTest {

    @AfterEach
    void clearTape() {
        Tape.clear();
    }

    @Test
    void backwardOfScalarGivesHandComputedGradients() {
        // L = Σ (a·b + a) with a = [1, 2], b = [3, 4]: dL/da = b + 1, dL/db = a.
        Var a = Var.leaf(Tensor.vector(1, 2)), b = Var.leaf(Tensor.vector(3, 4));
        a.mul(b).add(a).sum().backward();
        assertArrayEquals(new float[] {4, 5}, a.grad().toArray());
        assertArrayEquals(new float[] {1, 2}, b.grad().toArray());
    }

    @Test
    void aValueUsedTwiceAccumulatesBothGradients() {
        // L = Σ x·x + Σ x → dL/dx = 2x + 1.
        Var x = Var.leaf(Tensor.vector(1, -2, 3));
        Var y = x.mul(x);
        y.add(x).sum().backward();
        assertArrayEquals(new float[] {3, -3, 7}, x.grad().toArray());
    }

    @Test
    void sharedGradientIsNotCorruptedWhenOneBranchAccumulatesAgain() {
        // c = a + b hands the same gradient to a and b; a is used again, so its gradient is summed.
        Var x = Var.leaf(Tensor.vector(1, 2));
        Var a = x.mul(2f), b = x.mul(3f);
        Var c = a.add(b);
        c.add(a).sum().backward();
        // dL/da = 2, dL/db = 1 → dL/dx = 2·2 + 3·1 = 7
        assertArrayEquals(new float[] {7, 7}, x.grad().toArray());
    }

    @Test
    void leafGradientsAccumulateAcrossBackwardPassesUntilZeroGrad() {
        Var x = Var.leaf(Tensor.vector(1, 2));
        x.mul(3f).sum().backward();
        x.mul(3f).sum().backward();
        assertArrayEquals(new float[] {6, 6}, x.grad().toArray());
        x.zeroGrad();
        assertNull(x.grad());
        x.mul(5f).sum().backward();
        assertArrayEquals(new float[] {5, 5}, x.grad().toArray());
    }

    @Test
    void explicitUpstreamGradientIsUsedForNonScalarOutputs() {
        Var x = Var.leaf(Tensor.vector(1, 2, 3));
        x.square().backward(Tensor.vector(1, 10, 100));
        assertArrayEquals(new float[] {2, 40, 600}, x.grad().toArray());
    }

    @Test
    void backwardWithoutUpstreamOnNonScalarNamesOpAndShape() {
        Var x = Var.leaf(Tensor.zeros(2, 3));
        var e = assertThrows(IllegalArgumentException.class, () -> x.exp().backward());
        assertTrue(e.getMessage().contains("'exp'") && e.getMessage().contains("[2, 3]"), e.getMessage());
    }

    @Test
    void upstreamOfWrongShapeNamesBothShapes() {
        Var x = Var.leaf(Tensor.zeros(2, 3));
        var e = assertThrows(IllegalArgumentException.class, () -> x.tanh().backward(Tensor.zeros(3, 2)));
        assertTrue(e.getMessage().contains("[3, 2]") && e.getMessage().contains("[2, 3]") && e.getMessage().contains("'tanh'"), e.getMessage());
    }

    @Test
    void secondBackwardThroughReleasedGraphFailsWithMessage() {
        Var x = Var.leaf(Tensor.vector(1, 2));
        Var loss = x.exp().sum();
        loss.backward();
        var e = assertThrows(IllegalStateException.class, loss::backward);
        assertTrue(e.getMessage().contains("released"), e.getMessage());
    }

    @Test
    void backwardOnConstantGraphFails() {
        Var c = Var.constant(Tensor.vector(1, 2));
        var e = assertThrows(IllegalStateException.class, () -> c.exp().sum().backward());
        assertTrue(e.getMessage().contains("does not require a gradient"), e.getMessage());
    }

    @Test
    void noGradRecordsNothingAndGivesSameValues() {
        Var w = Var.leaf(Inputs.normal(1, 3, 4));
        Var x = Var.constant(Inputs.normal(2, 2, 3));
        int before = Tape.size();
        Var withGrad = x.matmul(w).tanh().softmax();
        assertEquals(before + 3, Tape.size());
        Tape.clear();
        Var noGrad;
        try (var ng = NoGrad.enter()) {
            noGrad = x.matmul(w).tanh().softmax();
            assertFalse(NoGrad.gradEnabled());
        }
        assertTrue(NoGrad.gradEnabled());
        assertEquals(0, Tape.size());
        assertFalse(noGrad.requiresGrad());
        assertArrayEquals(withGrad.value().toArray(), noGrad.value().toArray());
    }

    @Test
    void backwardReleasesTheNodesItPassedThrough() {
        Var x = Var.leaf(Tensor.vector(1, 2));
        Var loss = x.exp().mul(x).sum();
        assertEquals(3, Tape.size());
        loss.backward();
        assertEquals(0, Tape.size());
    }

    @Test
    void nodesOfAnotherGraphSurviveABackward() {
        Var x = Var.leaf(Tensor.vector(1, 2));
        Var other = x.square();
        Var loss = x.exp().sum();
        loss.backward();
        assertEquals(1, Tape.size());
        other.sum().backward();
        assertArrayEquals(new float[] {2, 4}, x.grad().sub(x.value().exp()).toArray(), 1e-6f);
    }

    @Test
    void detachStopsTheGradient() {
        Var x = Var.leaf(Tensor.vector(2, 3));
        // L = Σ x · detach(x) → dL/dx = detach(x) only.
        x.mul(x.detach()).sum().backward();
        assertArrayEquals(new float[] {2, 3}, x.grad().toArray());
    }

    @Test
    void retainGradKeepsAnIntermediateGradient() {
        Var x = Var.leaf(Tensor.vector(1, 2));
        Var y = x.mul(2f).retainGrad();
        y.square().sum().backward();
        assertArrayEquals(new float[] {4, 8}, y.grad().toArray());   // 2y
        assertArrayEquals(new float[] {8, 16}, x.grad().toArray());  // 2y·2
    }

    @Test
    void gradCheckCatchesAWrongBackward() {
        // A deliberately wrong rule (d exp = g instead of g·exp) must fail the checker.
        assertThrows(AssertionError.class, () -> GradCheck.check("wrongExp",
                v -> Var.op("wrongExp", v[0].value().exp(), g -> v[0].accumulate(g), v[0]), Inputs.normal(3, 4)));
    }

    @Test
    void aBackwardRuleThatThrowsReleasesItsGraphAndLeavesTheTapeUsable() {
        Var x = Var.leaf(Tensor.vector(1, 2));
        Var broken = Var.op("broken", x.value().copy(), g -> { throw new IllegalStateException("broken backward"); }, x.exp());
        assertThrows(IllegalStateException.class, () -> broken.sum().backward());
        assertEquals(0, Tape.size());
        x.square().sum().backward();
        assertArrayEquals(new float[] {2, 4}, x.grad().toArray());
    }
}
