package dev.autodidact.transformer;

import dev.autodidact.autograd.Var;
import dev.autodidact.tensor.Tensor;
import dev.autodidact.tensor.random.Rng;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class HeadSplitTest {

    @Test
    void headsEqualTheNarrowReshapePermuteCompositionForwardAndBackward() {
        int b = 2, t = 5, hs = 4, heads = 3 + 2 * 1;
        Tensor y0 = Tensor.normal(Rng.of(1), 0f, 1f, b, t, heads * hs);
        Tensor up = Tensor.normal(Rng.of(2), 0f, 1f, b, 2, t, hs);
        Var fast = Var.leaf(y0.copy()), ref = Var.leaf(y0.copy());
        Var a = HeadSplit.heads(fast, 3, 2, hs);
        Var r = ref.narrow(2, 3 * hs, 2 * hs).reshape(b, t, 2, hs).permute(0, 2, 1, 3);
        assertArrayEquals(r.value().contiguous().toArray(), a.value().toArray(), 0f);
        a.backward(up);
        r.backward(up);
        assertArrayEquals(ref.grad().toArray(), fast.grad().toArray(), 0f);
        var ex = assertThrows(IllegalArgumentException.class, () -> HeadSplit.heads(fast, 4, 2, hs));
        assertEquals("heads: input [2, 5, 20] has no heads 4..5 of size 4", ex.getMessage());
    }
}
