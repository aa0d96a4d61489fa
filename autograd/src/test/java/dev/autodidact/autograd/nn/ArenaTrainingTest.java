package dev.autodidact.autograd.nn;

import dev.autodidact.autograd.Inputs;
import dev.autodidact.autograd.Tape;
import dev.autodidact.autograd.Var;
import dev.autodidact.autograd.fused.CrossEntropy;
import dev.autodidact.autograd.optim.AdamW;
import dev.autodidact.autograd.optim.ParamGroup;
import dev.autodidact.autograd.optim.Schedule;
import dev.autodidact.tensor.Arena;
import dev.autodidact.tensor.IntTensor;
import dev.autodidact.tensor.Tensor;
import dev.autodidact.tensor.random.Rng;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Training steps inside an Arena reuse their buffers and compute exactly what steps without one compute. */
class ArenaTrainingTest {

    @AfterEach
    void clearTape() {
        Tape.clear();
    }

    private static Sequential model() {
        Rng rng = Rng.of(5);
        return new Sequential(new Linear(6, 16, rng), Activation.gelu(), new LayerNorm(16), new Dropout(0.1f, 3), new Linear(16, 5, rng));
    }

    private static float step(Sequential m, AdamW opt, Tensor x, IntTensor y) {
        opt.zeroGrad();
        Var loss = CrossEntropy.loss(m.forward(Var.constant(x)), y);
        loss.backward();
        opt.step();
        return loss.item();
    }

    @Test
    void stepsInAnArenaMatchPlainStepsBitForBitAndStopAllocating() {
        Tensor x = Inputs.normal(1, 8, 6);
        IntTensor y = IntTensor.vector(0, 1, 2, 3, 4, 0, 1, 2);
        Sequential plain = model(), pooled = model();
        AdamW o1 = new AdamW(ParamGroup.byDecay(plain.namedParameters(), 1e-2, 0.1), Schedule.constant());
        AdamW o2 = new AdamW(ParamGroup.byDecay(pooled.namedParameters(), 1e-2, 0.1), Schedule.constant());
        Arena arena = new Arena();
        long afterWarmup = 0;
        for (int s = 0; s < 6; s++) {
            float a = step(plain, o1, x, y), b;
            try (var _ = arena.enter()) {
                b = step(pooled, o2, x, y);
            }
            assertEquals(a, b, "loss at step " + s);
            if (s == 1) afterWarmup = arena.allocatedBytes();
        }
        assertEquals(afterWarmup, arena.allocatedBytes(), "steady-state steps allocate no new tensor arrays");
        assertTrue(arena.reusedBytes() > 0);
        for (var e : plain.state().tensors().entrySet()) {
            assertArrayEquals(e.getValue().toArray(), pooled.state().tensor(e.getKey()).toArray(), e.getKey());
        }
    }
}
