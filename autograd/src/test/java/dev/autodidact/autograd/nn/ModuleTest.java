package dev.autodidact.autograd.nn;

import dev.autodidact.autograd.Inputs;
import dev.autodidact.autograd.Tape;
import dev.autodidact.autograd.Var;
import dev.autodidact.autograd.optim.AdamW;
import dev.autodidact.autograd.optim.ParamGroup;
import dev.autodidact.autograd.optim.Schedule;
import dev.autodidact.tensor.IntTensor;
import dev.autodidact.tensor.Tensor;
import dev.autodidact.tensor.random.Rng;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class ModuleTest {

    @AfterEach
    void clearTape() {
        Tape.clear();
    }

    /** Embedding → LayerNorm → Linear → Dropout → Linear: every building block in one tree. */
    static final class Tiny extends Module {
        final Embedding emb;
        final Sequential body;

        Tiny(long seed) {
            Rng rng = Rng.of(seed);
            emb = child("emb", new Embedding(10, 6, Init.normal(0.02f), rng));
            body = child("body", new Sequential(new LayerNorm(6), new Linear(6, 8, rng), Activation.gelu(), new Dropout(0.2f, seed),
                    new Linear(8, 4, false, Init.scaledResidual(0.02f, 2), rng)));
        }

        Var forward(IntTensor ids) {
            return body.forward(emb.forward(ids));
        }
    }

    @Test
    void parametersHaveDottedNamesInRegistrationOrderAndAreCounted() {
        Tiny m = new Tiny(1);
        assertEquals(List.of("emb.weight", "body.0.weight", "body.0.bias", "body.1.weight", "body.1.bias", "body.4.weight"),
                List.copyOf(m.namedParameters().keySet()));
        assertEquals(10 * 6 + 6 + 6 + 8 * 6 + 8 + 4 * 8, m.parameterCount());
        assertEquals(Parameter.Role.EMBEDDING, m.namedParameters().get("emb.weight").role());
        assertEquals(Parameter.Role.NORM, m.namedParameters().get("body.0.bias").role());
    }

    @Test
    void evalModeTurnsDropoutOffInEveryChild() {
        Tiny m = new Tiny(2);
        IntTensor ids = IntTensor.vector(1, 2, 3);
        m.eval();
        assertFalse(m.body.isTraining());
        float[] a = m.forward(ids).value().toArray(), b = m.forward(ids).value().toArray();
        assertArrayEquals(a, b, "eval is deterministic");
        m.train();
        assertFalse(java.util.Arrays.equals(a, m.forward(ids).value().toArray()), "training mode drops units");
    }

    @Test
    void everyParameterReceivesAGradient() {
        Tiny m = new Tiny(3);
        m.forward(IntTensor.vector(1, 2, 3, 1)).square().sum().backward();
        for (var e : m.namedParameters().entrySet()) assertNotNull(e.getValue().grad(), e.getKey());
        m.zeroGrad();
        for (Parameter p : m.parameters()) assertNull(p.grad());
    }

    @Test
    void stateRestoresModelOptimizerAndDropoutSoTrainingContinuesBitIdentically() {
        IntTensor ids = IntTensor.of(new int[] {1, 4, 2, 9, 0, 3}, 2, 3);
        Tensor target = Inputs.normal(5, 2, 3, 4);
        Tiny m = new Tiny(4);
        AdamW opt = new AdamW(ParamGroup.byDecay(m.namedParameters(), 1e-2, 0.1), Schedule.cosine(2, 10, 0.1));
        for (int s = 0; s < 3; s++) trainStep(m, opt, ids, target);
        State ms = m.state(), os = opt.state();
        for (int s = 0; s < 3; s++) trainStep(m, opt, ids, target);
        Map<String, Tensor> expected = m.state().tensors();

        Tiny resumed = new Tiny(4);  // same configuration (the dropout seed is configuration, not state)
        for (Parameter p : resumed.parameters()) p.value().copyFrom(Tensor.scalar(0.5f));  // overwritten by the snapshot
        AdamW opt2 = new AdamW(ParamGroup.byDecay(resumed.namedParameters(), 1e-2, 0.1), Schedule.cosine(2, 10, 0.1));
        resumed.load(ms);
        opt2.load(os);
        assertEquals(3, opt2.steps());
        for (int s = 0; s < 3; s++) trainStep(resumed, opt2, ids, target);
        for (var e : expected.entrySet()) {
            assertArrayEquals(e.getValue().toArray(), resumed.state().tensor(e.getKey()).toArray(), e.getKey() + " differs after resuming");
        }
        assertEquals(6L, resumed.state().counter("body.3.calls"));
    }

    private static void trainStep(Tiny m, AdamW opt, IntTensor ids, Tensor target) {
        opt.zeroGrad();
        m.forward(ids).sub(Var.constant(target)).square().mean().backward();
        opt.step();
    }

    @Test
    void loadRefusesMissingUnexpectedAndMisshapenTensors() {
        Tiny m = new Tiny(5);
        State s = m.state();
        var missing = new java.util.LinkedHashMap<>(s.tensors());
        missing.remove("body.1.bias");
        var e1 = assertThrows(IllegalArgumentException.class, () -> m.load(new State(missing, s.counters())));
        assertTrue(e1.getMessage().contains("body.1.bias"), e1.getMessage());
        var extra = new java.util.LinkedHashMap<>(s.tensors());
        extra.put("head.weight", Tensor.zeros(2));
        var e2 = assertThrows(IllegalArgumentException.class, () -> m.load(new State(extra, s.counters())));
        assertTrue(e2.getMessage().contains("head.weight"), e2.getMessage());
        var wrong = new java.util.LinkedHashMap<>(s.tensors());
        wrong.put("emb.weight", Tensor.zeros(11, 6));
        var e3 = assertThrows(IllegalArgumentException.class, () -> m.load(new State(wrong, s.counters())));
        assertTrue(e3.getMessage().contains("[10, 6]") && e3.getMessage().contains("[11, 6]"), e3.getMessage());
    }

    @Test
    void initialisersHaveTheRequestedScale() {
        Tensor w = Init.normal(0.02f).create(Rng.of(1), 200, 100);
        double ss = 0;
        for (float v : w.toArray()) ss += v * v;
        assertEquals(0.02, Math.sqrt(ss / w.numel()), 0.001);
        Tensor r = Init.scaledResidual(0.02f, 8).create(Rng.of(1), 200, 100);
        double rs = 0;
        for (float v : r.toArray()) rs += v * v;
        assertEquals(0.02 / 4, Math.sqrt(rs / r.numel()), 0.0003);  // 1/√(2·8) = 1/4
        assertArrayEquals(new float[6], Init.zeros().create(Rng.of(1), 2, 3).toArray());
    }
}
