package dev.autodidact.autograd.ops;

import dev.autodidact.autograd.GradCheck;
import dev.autodidact.autograd.Inputs;
import dev.autodidact.autograd.Tape;
import dev.autodidact.autograd.Var;
import dev.autodidact.tensor.IntTensor;
import dev.autodidact.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Matmul (every transpose flag, batched, broadcast) and index / mask ops against central differences. */
class MatmulAndIndexGradTest {

    @AfterEach
    void clearTape() {
        Tape.clear();
    }

    @Test
    void matmulWithEveryTransposeFlagMatchesFiniteDifferences() {
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                Tensor a = Inputs.normal(1, ta ? new int[] {4, 3} : new int[] {3, 4});
                Tensor b = Inputs.normal(2, tb ? new int[] {5, 4} : new int[] {4, 5});
                GradCheck.check("matmul" + ta + tb, v -> v[0].matmul(v[1], ta, tb), a, b);
            }
        }
    }

    @Test
    void batchedAndBroadcastMatmulSumsTheSharedOperandsGradient() {
        // [2, 3, 4] x [4, 5]: the linear-layer case (folded into one gemm for dB).
        GradCheck.check("matmulShared", v -> v[0].matmul(v[1]), Inputs.normal(3, 2, 3, 4), Inputs.normal(4, 4, 5));
        GradCheck.check("matmulSharedT", v -> v[0].matmul(v[1], false, true), Inputs.normal(3, 2, 3, 4), Inputs.normal(4, 5, 4));
        // [3, 4] x [2, 4, 5]: the first operand is broadcast.
        GradCheck.check("matmulBroadcastA", v -> v[0].matmul(v[1]), Inputs.normal(5, 3, 4), Inputs.normal(6, 2, 4, 5));
        // [2, 1, 3, 4] x [3, 4, 2] with transposes: batch broadcasting on both sides.
        GradCheck.check("matmulBatched", v -> v[0].matmul(v[1], true, true), Inputs.normal(7, 2, 1, 4, 3), Inputs.normal(8, 3, 2, 4));
    }

    @Test
    void embeddingAddsTheGradientOfRepeatedIds() {
        IntTensor ids = IntTensor.of(new int[] {1, 3, 1, 0, 3, 3}, 2, 3);
        GradCheck.check("embedding", v -> Indexing.embedding(v[0], ids).square(), Inputs.normal(1, 4, 3));
        Var table = Var.leaf(Tensor.zeros(4, 2));
        Indexing.embedding(table, ids).sum().backward();
        assertArrayEquals(new float[] {1, 1, 2, 2, 0, 0, 3, 3}, table.grad().toArray());
    }

    @Test
    void scatterAddRowsPassesTheGradientToBaseAndGathersItForSource() {
        IntTensor ids = IntTensor.vector(2, 0, 2);
        GradCheck.check("scatterAddRows", v -> Indexing.scatterAddRows(v[0], ids, v[1]).square(), Inputs.normal(10, 3, 2), Inputs.normal(11, 3, 2));
    }

    @Test
    void gatherLastScattersIntoChosenPositions() {
        IntTensor idx = IntTensor.of(new int[] {2, 0, 4, 4}, 2, 2);
        GradCheck.check("gatherLast", v -> v[0].logSoftmax().gatherLast(idx), Inputs.normal(2, 2, 2, 5));
    }

    @Test
    void cumsumBackwardIsAReverseCumsum() {
        Tensor x = Inputs.normal(3, 3, 4);
        GradCheck.check("cumsum0", v -> v[0].cumsum(0).square(), x);
        GradCheck.check("cumsum1", v -> v[0].cumsum(1).square(), x);
    }

    @Test
    void concatStackAndSplitRouteSlicesOfTheGradient() {
        Tensor a = Inputs.normal(4, 2, 3), b = Inputs.normal(5, 2, 2);
        GradCheck.check("concat", v -> Indexing.concat(1, v[0], v[1]).square(), a, b);
        GradCheck.check("stack", v -> Indexing.stack(0, v[0], v[1].mul(2f)).square(), a, Inputs.normal(6, 2, 3));
        GradCheck.check("split", v -> {
            Var[] parts = Indexing.split(v[0], 1, 1, 2);
            return parts[0].mul(parts[1].sum(1, true));
        }, a);
    }

    @Test
    void whereAndMaskedFillPassNoGradientToUnchosenPositions() {
        Tensor mask = Tensor.vector(1, 0, 0, 1);
        GradCheck.check("where", v -> Indexing.where(mask, v[0], v[1]).square(), Inputs.normal(7, 3, 4), Inputs.normal(8, 4));
        GradCheck.check("maskedFill", v -> v[0].maskedFill(mask, -1f).square(), Inputs.normal(9, 3, 4));
        Var x = Var.leaf(Tensor.ones(4));
        x.maskedFill(mask, 0f).sum().backward();
        assertArrayEquals(new float[] {0, 1, 1, 0}, x.grad().toArray());
    }
}
