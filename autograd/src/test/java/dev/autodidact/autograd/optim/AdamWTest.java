package dev.autodidact.autograd.optim;

import dev.autodidact.autograd.Tape;
import dev.autodidact.autograd.Var;
import dev.autodidact.autograd.nn.Module;
import dev.autodidact.autograd.nn.Parameter;
import dev.autodidact.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class AdamWTest {

    @AfterEach
    void clearTape() {
        Tape.clear();
    }

    /** One parameter vector, registered as a weight. */
    static final class Vec extends Module {
        final Parameter p;

        Vec(float... values) {
            p = parameter("p", Parameter.Role.WEIGHT, Tensor.vector(values));
        }
    }

    /** Gives p the gradient g through the loss Σ g·p. */
    private static void backwardWithGrad(Parameter p, float... g) {
        p.var().mul(Var.constant(Tensor.vector(g))).sum().backward();
    }

    @Test
    void matchesHandComputedUpdatesForTwoSteps() {
        // lr 0.1, β (0.9, 0.999), ε 1e-8, wd 0.01; p0 = [1, -2]; g1 = [0.5, -1]; g2 = [-0.25, 2].
        // Step 1: p·(1 − 0.001) = [0.999, −1.998]; m = [0.05, −0.1]; v = [2.5e-4, 1e-3];
        //   m̂ = m/0.1 = [0.5, −1]; √v̂ = √(v/0.001) = [0.5, 1]; p −= 0.1·m̂/(√v̂ + ε) → [0.899000002, −1.898000001].
        // Step 2: p·0.999; m = [0.02, 0.11]; v = [3.1225e-4, 4.999e-3]; bias corrections 0.19 and 0.001999
        //   → m̂ = [0.1052632, 0.5789474], √v̂ = [0.3952254, 1.5813761] → p = [0.871467299, −1.932712353].
        Vec model = new Vec(1f, -2f);
        var opt = new AdamW(ParamGroup.single(model.namedParameters(), 0.1, 0.01), Schedule.constant());
        backwardWithGrad(model.p, 0.5f, -1f);
        opt.step();
        assertArrayEquals(new float[] {0.899000002f, -1.898000001f}, model.p.value().toArray(), 1e-6f);
        opt.zeroGrad();
        backwardWithGrad(model.p, -0.25f, 2f);
        opt.step();
        assertArrayEquals(new float[] {0.871467299f, -1.932712353f}, model.p.value().toArray(), 1e-6f);
        assertEquals(2, opt.steps());
        assertArrayEquals(new float[] {0.02f, 0.11f}, opt.state().tensor("m.p").toArray(), 1e-7f);
        assertArrayEquals(new float[] {3.1225e-4f, 4.999e-3f}, opt.state().tensor("v.p").toArray(), 1e-9f);
    }

    @Test
    void parameterGroupsWithoutDecayAreNotShrunk() {
        // Zero gradient: Adam's step is 0, so only decay could move a parameter.
        Module m = new Module() {
            final Parameter w = parameter("w", Parameter.Role.WEIGHT, Tensor.vector(1f));
            final Parameter b = parameter("b", Parameter.Role.BIAS, Tensor.vector(1f));
        };
        var groups = ParamGroup.byDecay(m.namedParameters(), 0.1, 0.5);
        assertEquals(List.of("decay", "no_decay"), groups.stream().map(ParamGroup::name).toList());
        var opt = new AdamW(groups, Schedule.constant());
        for (Parameter p : m.parameters()) p.var().mul(0f).sum().backward();
        opt.step();
        Map<String, Parameter> named = m.namedParameters();
        assertEquals(0.95f, named.get("w").value().item(), 1e-7f);
        assertEquals(1f, named.get("b").value().item());
    }

    @Test
    void missingGradientIsReportedWithParameterNameAndShape() {
        Vec model = new Vec(1f, 2f);
        var opt = new AdamW(ParamGroup.single(model.namedParameters(), 0.1, 0), Schedule.constant());
        var e = assertThrows(IllegalStateException.class, opt::step);
        assertTrue(e.getMessage().contains("'p'") && e.getMessage().contains("[2]") && e.getMessage().contains("no gradient"), e.getMessage());
    }

    @Test
    void sgdWithMomentumMatchesHandComputedSteps() {
        // lr 0.1, μ 0.9: b1 = g1 = [1, -2] → p = [0.9, 2.2]; b2 = 0.9·b1 + g2 = [0.9 + 0.5, -1.8 + 0] → p = [0.76, 2.38].
        Vec model = new Vec(1f, 2f);
        var opt = new SGD(ParamGroup.single(model.namedParameters(), 0.1, 0), 0.9, Schedule.constant());
        backwardWithGrad(model.p, 1f, -2f);
        opt.step();
        assertArrayEquals(new float[] {0.9f, 2.2f}, model.p.value().toArray(), 1e-6f);
        opt.zeroGrad();
        backwardWithGrad(model.p, 0.5f, 0f);
        opt.step();
        assertArrayEquals(new float[] {0.76f, 2.38f}, model.p.value().toArray(), 1e-6f);
        // The momentum buffer round-trips through the state map.
        var restored = new SGD(ParamGroup.single(new Vec(0f, 0f).namedParameters(), 0.1, 0), 0.9, Schedule.constant());
        restored.load(opt.state());
        assertEquals(2, restored.steps());
        assertArrayEquals(new float[] {1.4f, -1.8f}, restored.state().tensor("momentum.p").toArray(), 1e-6f);
    }

    @Test
    void schedulesFollowTheirFormulas() {
        assertEquals(1.0, Schedule.constant().factor(1000));
        Schedule w = Schedule.warmup(4);
        assertEquals(0.25, w.factor(0));
        assertEquals(1.0, w.factor(3));
        assertEquals(1.0, w.factor(10));
        Schedule cos = Schedule.cosine(2, 12, 0.1);
        assertEquals(0.5, cos.factor(0));
        assertEquals(1.0, cos.factor(2), 1e-12);
        assertEquals(0.55, cos.factor(7), 1e-12);   // halfway: 0.1 + 0.9·0.5
        assertEquals(0.1, cos.factor(12), 1e-12);
        assertEquals(0.1, cos.factor(50), 1e-12);
        Schedule lin = Schedule.linearDecay(0, 10, 0.0);
        assertEquals(1.0, lin.factor(0));
        assertEquals(0.7, lin.factor(3), 1e-12);
        assertEquals(0.0, lin.factor(10), 1e-12);
        var opt = new SGD(ParamGroup.single(new Vec(1f).namedParameters(), 0.2, 0), 0, Schedule.warmup(4));
        assertEquals(0.05, opt.learningRate(0), 1e-12);
    }

    @Test
    void clippingReturnsTheGlobalNormAndScalesOnlyAboveTheLimit() {
        Vec a = new Vec(0f, 0f), b = new Vec(0f);
        backwardWithGrad(a.p, 3f, 0f);
        backwardWithGrad(b.p, 4f);
        List<Parameter> ps = List.of(a.p, b.p);
        assertEquals(5.0, GradClip.clipGlobalNorm(ps, 10.0), 1e-9);
        assertArrayEquals(new float[] {3f, 0f}, a.p.grad().toArray());
        assertEquals(5.0, GradClip.clipGlobalNorm(ps, 1.0), 1e-9);
        assertArrayEquals(new float[] {0.6f, 0f}, a.p.grad().toArray(), 1e-6f);
        assertArrayEquals(new float[] {0.8f}, b.p.grad().toArray(), 1e-6f);
    }
}
