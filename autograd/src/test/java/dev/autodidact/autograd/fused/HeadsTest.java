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

/** Splitting a fused projection into heads and merging heads back equal their view compositions. */
class HeadsTest {

    @AfterEach
    void clearTape() {
        Tape.clear();
    }

    // B = 2, T = 3, H = 4, Hkv = 2, hs = 2: qkv width (4 + 2·2)·2 = 16.
    private final Tensor qkv = Inputs.normal(1, 2, 3, 16);

    @Test
    void splitQkvMatchesNarrowReshapePermuteAndFiniteDifferences() {
        for (int part = 0; part < 3; part++) {
            int p = part, from = new int[] {0, 8, 12}[part], heads = part == 0 ? 4 : 2;
            Compare.fusedMatchesComposition("splitQkv " + part, v -> Heads.splitQkv(v[0], 4, 2)[p],
                    v -> v[0].narrow(2, from, heads * 2).reshape(2, 3, heads, 2).permute(0, 2, 1, 3), 0, qkv);
        }
        // All three parts feed one loss: their backward passes add into one gradient buffer.
        GradCheck.check("splitQkv", v -> {
            Var[] s = Heads.splitQkv(v[0], 4, 2);
            return Attention.attention(s[0], s[1], s[2], null, true);
        }, qkv);
    }

    @Test
    void mergeIsTheInverseOfSplitAndMatchesPermuteReshape() {
        Tensor o = Inputs.normal(2, 2, 4, 3, 2);
        Compare.fusedMatchesComposition("merge", v -> Heads.merge(v[0]), v -> v[0].permute(0, 2, 1, 3).reshape(2, 3, 8), 0, o);
        GradCheck.check("merge", v -> Heads.merge(v[0]).square(), o);
        Tensor x = Inputs.normal(3, 2, 3, 8);
        assertArrayEquals(x.toArray(), Heads.merge(Heads.split(Var.constant(x), 4)).value().toArray());
        GradCheck.check("split", v -> Heads.split(v[0], 4).square(), x);
    }

    @Test
    void splitNamesTheShapeWhenWidthDoesNotDivide() {
        var e = assertThrows(IllegalArgumentException.class, () -> Heads.splitQkv(Var.constant(Tensor.zeros(1, 2, 10)), 2, 1));
        assertTrue(e.getMessage().contains("[1, 2, 10]"), e.getMessage());
    }
}
