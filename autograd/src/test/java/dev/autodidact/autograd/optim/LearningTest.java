package dev.autodidact.autograd.optim;

import dev.autodidact.autograd.Compare;
import dev.autodidact.autograd.Inputs;
import dev.autodidact.autograd.Tape;
import dev.autodidact.autograd.Var;
import dev.autodidact.autograd.nn.Activation;
import dev.autodidact.autograd.nn.Linear;
import dev.autodidact.autograd.nn.Sequential;
import dev.autodidact.tensor.Tensor;
import dev.autodidact.tensor.random.Rng;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** End-to-end: small networks trained with these optimizers actually learn. */
class LearningTest {

    @AfterEach
    void clearTape() {
        Tape.clear();
    }

    @Test
    void mlpLearnsXor() {
        Rng rng = Rng.of(7);
        var net = new Sequential(new Linear(2, 8, rng), Activation.tanh(), new Linear(8, 1, rng));
        var opt = new AdamW(ParamGroup.single(net.namedParameters(), 0.05, 0), Schedule.constant());
        Var x = Var.constant(Tensor.of(new float[] {0, 0, 0, 1, 1, 0, 1, 1}, 4, 2));
        Var y = Var.constant(Tensor.of(new float[] {0, 1, 1, 0}, 4, 1));
        float loss = Float.NaN;
        for (int step = 0; step < 300; step++) {
            opt.zeroGrad();
            Var l = net.forward(x).sub(y).square().mean();
            l.backward();
            opt.step();
            loss = l.item();
        }
        assertTrue(loss < 1e-3, "final loss " + loss);
        float[] out = net.forward(x).value().toArray();
        for (int i = 0; i < 4; i++) assertEquals(y.value().toArray()[i], out[i], 0.1, "xor row " + i);
    }

    @Test
    void smallNetworkFitsSineRegression() {
        Rng rng = Rng.of(11);
        var net = new Sequential(new Linear(1, 32, rng), Activation.tanh(), new Linear(32, 32, rng), Activation.tanh(), new Linear(32, 1, rng));
        var opt = new AdamW(ParamGroup.byDecay(net.namedParameters(), 0.01, 1e-4), Schedule.cosine(20, 600, 0.1));
        int n = 64;
        float[] xs = new float[n], ys = new float[n];
        for (int i = 0; i < n; i++) {
            xs[i] = -3f + 6f * i / (n - 1);
            ys[i] = (float) Math.sin(xs[i]);
        }
        Var x = Var.constant(Tensor.of(xs, n, 1)), y = Var.constant(Tensor.of(ys, n, 1));
        float first = Float.NaN, loss = Float.NaN;
        for (int step = 0; step < 600; step++) {
            opt.zeroGrad();
            Var l = net.forward(x).sub(y).square().mean();
            l.backward();
            GradClip.clipGlobalNorm(net.parameters(), 1.0);
            opt.step();
            loss = l.item();
            if (step == 0) first = loss;
        }
        assertTrue(loss < 2e-3 && loss < first / 100, "loss went from " + first + " to " + loss);
    }

    @Test
    void accumulatingMicroBatchesEqualsOneLargeBatch() {
        // Loss = mean over the batch; k micro-batches each scaled by 1/k give the same gradient.
        int k = 4, micro = 3;
        Tensor x = Inputs.normal(1, k * micro, 5), y = Inputs.normal(2, k * micro, 2);
        var big = new Sequential(new Linear(5, 6, Rng.of(3)), Activation.gelu(), new Linear(6, 2, Rng.of(4)));
        var small = new Sequential(new Linear(5, 6, Rng.of(3)), Activation.gelu(), new Linear(6, 2, Rng.of(4)));
        var optBig = new AdamW(ParamGroup.single(big.namedParameters(), 0.01, 0.1), Schedule.constant());
        var optSmall = new AdamW(ParamGroup.single(small.namedParameters(), 0.01, 0.1), Schedule.constant());

        big.forward(Var.constant(x)).sub(Var.constant(y)).square().mean().backward();
        for (int i = 0; i < k; i++) {
            Var xb = Var.constant(x.narrow(0, i * micro, micro)), yb = Var.constant(y.narrow(0, i * micro, micro));
            small.forward(xb).sub(yb).square().mean().mul(1f / k).backward();
        }
        var pb = big.namedParameters();
        for (var e : small.namedParameters().entrySet()) {
            // Different summation order in float32: agreement to ~1e-6 of the gradient's scale.
            Compare.close(e.getKey(), pb.get(e.getKey()).grad(), e.getValue().grad(), 1e-5);
        }
        optBig.step();
        optSmall.step();
        for (var e : small.namedParameters().entrySet()) Compare.close(e.getKey(), pb.get(e.getKey()).value(), e.getValue().value(), 1e-5);
    }
}
