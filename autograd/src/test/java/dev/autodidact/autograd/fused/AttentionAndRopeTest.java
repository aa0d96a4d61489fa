package dev.autodidact.autograd.fused;

import dev.autodidact.autograd.Compare;
import dev.autodidact.autograd.GradCheck;
import dev.autodidact.autograd.Inputs;
import dev.autodidact.autograd.Tape;
import dev.autodidact.autograd.Var;
import dev.autodidact.autograd.ops.Indexing;
import dev.autodidact.tensor.Masks;
import dev.autodidact.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Attention (causal, padding, grouped-query), rotary embedding and SwiGLU against finite differences and primitive compositions. */
class AttentionAndRopeTest {

    @AfterEach
    void clearTape() {
        Tape.clear();
    }

    private static final int B = 2, T = 4, HS = 4;

    /** The textbook composition: repeat k/v per group, q·kᵀ/√hs + additive mask, softmax, ·v. */
    private static Var composedAttention(Var q, Var k, Var v, Tensor keyMask, boolean causal) {
        int h = q.size(1), hkv = k.size(1), g = h / hkv;
        Var ke = k.unsqueeze(2).expand(B, hkv, g, T, HS).reshape(B, h, T, HS);
        Var ve = v.unsqueeze(2).expand(B, hkv, g, T, HS).reshape(B, h, T, HS);
        Tensor allow = Tensor.ones(B, 1, T, T);
        if (causal) allow = allow.mul(Masks.causal(T));
        if (keyMask != null) allow = allow.mul(keyMask.reshape(B, 1, 1, T));
        Tensor additive = Masks.additive(allow);
        return q.matmul(ke, false, true).mul((float) (1 / Math.sqrt(HS))).add(Var.constant(additive)).softmax().matmul(ve);
    }

    @Test
    void causalMultiHeadAttentionWithPaddingMatchesFiniteDifferencesAndComposition() {
        Tensor q = Inputs.normal(1, B, 2, T, HS), k = Inputs.normal(2, B, 2, T, HS), v = Inputs.normal(3, B, 2, T, HS);
        Tensor pad = Masks.padding(new int[] {4, 2}, T);  // right padding: every query still sees key 0
        GradCheck.check("attention", x -> Attention.attention(x[0], x[1], x[2], pad, true), q, k, v);
        Compare.fusedMatchesComposition("attention", x -> Attention.attention(x[0], x[1], x[2], pad, true),
                x -> composedAttention(x[0], x[1], x[2], pad, true), 1e-5, q, k, v);
        Compare.fusedMatchesComposition("attentionNotCausal", x -> Attention.attention(x[0], x[1], x[2], null, false),
                x -> composedAttention(x[0], x[1], x[2], null, false), 1e-5, q, k, v);
    }

    @Test
    void groupedQueryAttentionSumsKeyAndValueGradientsOverTheGroup() {
        // H = 4 query heads share Hkv = 2 key/value heads (G = 2).
        Tensor q = Inputs.normal(4, B, 4, T, HS), k = Inputs.normal(5, B, 2, T, HS), v = Inputs.normal(6, B, 2, T, HS);
        Tensor pad = Masks.padding(new int[] {3, 4}, T);
        GradCheck.check("gqa", x -> Attention.attention(x[0], x[1], x[2], pad, true), q, k, v);
        Compare.fusedMatchesComposition("gqa", x -> Attention.attention(x[0], x[1], x[2], pad, true),
                x -> composedAttention(x[0], x[1], x[2], pad, true), 1e-5, q, k, v);
    }

    @Test
    void fewerQueriesThanKeysAttendAsTheLastPositionsOfTheSequence() {
        // Tq = 2 queries at absolute positions 2 and 3 of Tk = 4 keys (a cached prefix of 2).
        Tensor q = Inputs.normal(14, B, 2, 2, HS), k = Inputs.normal(15, B, 1, T, HS), v = Inputs.normal(16, B, 1, T, HS);
        Tensor pad = Masks.padding(new int[] {4, 3}, T);
        GradCheck.check("attentionPrefix", x -> Attention.attention(x[0], x[1], x[2], pad, true), q, k, v);
        Compare.fusedMatchesComposition("attentionPrefix", x -> Attention.attention(x[0], x[1], x[2], pad, true), x -> {
            Var ke = x[1].expand(B, 2, T, HS), ve = x[2].expand(B, 2, T, HS);
            Tensor allow = Masks.causal(T).narrow(0, 2, 2).reshape(1, 1, 2, T).mul(pad.reshape(B, 1, 1, T));
            return x[0].matmul(ke, false, true).mul(0.5f).add(Var.constant(Masks.additive(allow))).softmax().matmul(ve);
        }, 1e-5, q, k, v);
        // The last query row equals full causal attention's last row.
        Tensor qFull = Tensor.zeros(B, 2, T, HS);
        qFull.narrow(2, 2, 2).copyFrom(q);
        Tensor full = Attention.attention(Var.constant(qFull), Var.constant(k), Var.constant(v), pad, true).value();
        Tensor part = Attention.attention(Var.constant(q), Var.constant(k), Var.constant(v), pad, true).value();
        assertArrayEquals(full.narrow(2, 2, 2).contiguous().toArray(), part.toArray(), 1e-6f);
    }

    @Test
    void aQueryThatSeesOnlyPaddingGetsZerosNotNaN() {
        // Left padding: with a causal mask, query 0 of row 1 may see only key 0, which is padding.
        Tensor pad = Tensor.of(new float[] {1, 1, 1, 1, 0, 1, 1, 1}, B, T);
        Var q = Var.leaf(Inputs.normal(7, B, 1, T, HS)), k = Var.leaf(Inputs.normal(8, B, 1, T, HS)), v = Var.leaf(Inputs.normal(9, B, 1, T, HS));
        Var o = Attention.attention(q, k, v, pad, true);
        for (float f : o.value().toArray()) assertFalse(Float.isNaN(f));
        assertArrayEquals(new float[HS], o.value().select(0, 1).select(0, 0).select(0, 0).toArray());
        o.sum().backward();
        for (float f : q.grad().toArray()) assertFalse(Float.isNaN(f));
    }

    @Test
    void attentionNamesShapesWhenHeadsDoNotDivide() {
        var e = assertThrows(IllegalArgumentException.class, () -> Attention.attention(Var.constant(Tensor.zeros(1, 3, 2, 4)),
                Var.constant(Tensor.zeros(1, 2, 2, 4)), Var.constant(Tensor.zeros(1, 2, 2, 4)), null, true));
        assertTrue(e.getMessage().contains("[1, 3, 2, 4]") && e.getMessage().contains("[1, 2, 2, 4]"), e.getMessage());
    }

    @Test
    void rotaryEmbeddingMatchesFiniteDifferencesAndRotateHalfComposition() {
        Tensor x = Inputs.normal(10, 2, 3, 5, 6);  // [B, H, T, hs]
        int start = 7;
        GradCheck.check("rope", v -> Rope.apply(v[0], start, 10000f), x);
        float[][] cs = Rope.table(start, 5, 6, 10000f);
        Var cos = Var.constant(Tensor.of(cs[0], 5, 3)), sin = Var.constant(Tensor.of(cs[1], 5, 3));
        Compare.fusedMatchesComposition("rope", v -> Rope.apply(v[0], start, 10000f), v -> {
            Var a = v[0].narrow(-1, 0, 3), b = v[0].narrow(-1, 3, 3);
            return Indexing.concat(-1, a.mul(cos).sub(b.mul(sin)), b.mul(cos).add(a.mul(sin)));
        }, 1e-6, x);
    }

    @Test
    void rotaryEmbeddingPreservesNormsAndIsIdentityAtPositionZero() {
        Tensor x = Inputs.normal(11, 1, 1, 4);
        assertArrayEquals(x.toArray(), Rope.apply(Var.constant(x), 0, 10000f).value().toArray(), 1e-7f);
        Tensor y = Rope.apply(Var.constant(x), 5, 10000f).value();
        assertEquals(x.square().sum().item(), y.square().sum().item(), 1e-5f);
    }

    @Test
    void swigluAndActivationsMatchFiniteDifferencesAndComposition() {
        Tensor gate = Inputs.normal(12, 3, 4), up = Inputs.normal(13, 3, 4);
        GradCheck.check("swiglu", v -> Activations.swiglu(v[0], v[1]), gate, up);
        Compare.fusedMatchesComposition("swiglu", v -> Activations.swiglu(v[0], v[1]), v -> v[0].mul(v[0].sigmoid()).mul(v[1]), 1e-6, gate, up);
        Compare.fusedMatchesComposition("silu", v -> Activations.silu(v[0]), v -> v[0].mul(v[0].sigmoid()), 1e-6, gate);
        // GELU (tanh form) from primitives: 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))).
        Compare.fusedMatchesComposition("gelu", v -> Activations.gelu(v[0]),
                v -> v[0].mul(0.5f).mul(v[0].add(v[0].pow(3f).mul(0.044715f)).mul(0.7978845608f).tanh().add(1f)), 1e-5, gate);
        GradCheck.check("geluErf", v -> Activations.geluErf(v[0]), gate);
    }
}
