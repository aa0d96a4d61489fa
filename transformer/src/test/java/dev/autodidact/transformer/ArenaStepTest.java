package dev.autodidact.transformer;

import dev.autodidact.autograd.Tape;
import dev.autodidact.autograd.Var;
import dev.autodidact.autograd.optim.AdamW;
import dev.autodidact.autograd.optim.ParamGroup;
import dev.autodidact.autograd.optim.Schedule;
import dev.autodidact.tensor.Arena;
import dev.autodidact.tensor.IntTensor;
import dev.autodidact.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Training steps of whole models inside an {@link Arena}, where backward gives gradient
 * temporaries back for reuse within the same step, compute exactly what plain steps compute —
 * for both block families (GPT-2 style: LayerNorm, GELU, fused heads; Llama style: RMSNorm,
 * RoPE, SwiGLU, grouped-query attention) and with a padding mask.
 */
class ArenaStepTest {

    @AfterEach
    void clearTape() {
        Tape.clear();
    }

    private static float step(Transformer m, AdamW opt, IntTensor ids, Tensor mask, IntTensor targets) {
        opt.zeroGrad();
        Var loss = m.loss(ids, mask, targets, null);
        loss.backward();
        opt.step();
        return loss.item();
    }

    private static void check(ModelConfig c) {
        int b = 3, t = c.contextLength(), v = c.vocabSize();
        int[] x = new int[b * t], y = new int[b * t], keep = new int[b * t];
        for (int i = 0; i < x.length; i++) {
            x[i] = (7 * i + 3) % v;
            y[i] = (5 * i + 1) % v;
            keep[i] = i % t < t - (i / t) ? 1 : 0; // row r has its last r positions padded
            if (keep[i] == 0) y[i] = Transformer.IGNORE;
        }
        float[] keepF = new float[keep.length];
        for (int i = 0; i < keep.length; i++) keepF[i] = keep[i];
        IntTensor ids = IntTensor.of(x, b, t), targets = IntTensor.of(y, b, t);
        Tensor mask = Tensor.of(keepF, b, t);
        Transformer plain = new Transformer(c, 3), pooled = new Transformer(c, 3);
        AdamW o1 = new AdamW(ParamGroup.byDecay(plain.namedParameters(), 1e-2, 0.1), Schedule.constant());
        AdamW o2 = new AdamW(ParamGroup.byDecay(pooled.namedParameters(), 1e-2, 0.1), Schedule.constant());
        Arena arena = new Arena();
        long afterWarmup = 0;
        for (int s = 0; s < 4; s++) {
            float a = step(plain, o1, ids, mask, targets), l;
            try (var _ = arena.enter()) {
                l = step(pooled, o2, ids, mask, targets);
            }
            assertEquals(a, l, "loss at step " + s);
            if (s == 1) afterWarmup = arena.allocatedBytes();
        }
        assertEquals(afterWarmup, arena.allocatedBytes(), "steady-state steps allocate no new tensor arrays");
        Map<String, Tensor> want = plain.parameterTensors(), got = pooled.parameterTensors();
        for (var e : want.entrySet()) assertArrayEquals(e.getValue().toArray(), got.get(e.getKey()).toArray(), e.getKey());
    }

    @Test
    void gpt2StyleStepsInAnArenaMatchPlainStepsBitForBit() {
        check(ModelConfig.gpt2Style(23, 32, 2, 4, 8));
    }

    @Test
    void llamaStyleStepsInAnArenaMatchPlainStepsBitForBit() {
        check(ModelConfig.llamaStyle(23, 32, 2, 4, 2, 8));
    }
}
