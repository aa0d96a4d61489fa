package dev.autodidact.autograd.fused;

import dev.autodidact.autograd.Inputs;
import dev.autodidact.autograd.Tape;
import dev.autodidact.autograd.Var;
import dev.autodidact.tensor.IntTensor;
import dev.autodidact.tensor.Parallel;
import dev.autodidact.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The autograd kernels split work so that each output is produced by one thread in a fixed order;
 * forward values and gradients are therefore bit-identical for 1 and 2 threads. Sizes are
 * chosen large enough that 2 threads really split every loop.
 */
class ThreadCountTest {
    private final int threadsBefore = Parallel.threads();

    @AfterEach
    void restore() {
        Parallel.setThreads(threadsBefore);
        Tape.clear();
    }

    /** Forward value followed by every input gradient, as flat arrays. */
    private static List<float[]> run(int threads, Function<Var[], Var> f, Tensor... inputs) {
        Parallel.setThreads(threads);
        Var[] v = new Var[inputs.length];
        for (int i = 0; i < v.length; i++) v[i] = Var.leaf(inputs[i].copy());
        Var out = f.apply(v);
        List<float[]> r = new ArrayList<>();
        r.add(out.value().toArray());
        out.backward(Inputs.normal(77, out.shape()));
        for (Var x : v) r.add(x.grad().toArray());
        return r;
    }

    private static void sameForOneAndTwoThreads(String name, Function<Var[], Var> f, Tensor... inputs) {
        List<float[]> one = run(1, f, inputs), two = run(2, f, inputs);
        for (int i = 0; i < one.size(); i++) assertArrayEquals(one.get(i), two.get(i), name + (i == 0 ? " forward" : " gradient of input " + (i - 1)));
    }

    @Test
    void normsLossesActivationsAndHeadsAreBitIdenticalForOneAndTwoThreads() {
        Tensor x = Inputs.normal(1, 512, 256), w = Inputs.normal(2, 256), b = Inputs.normal(3, 256);
        sameForOneAndTwoThreads("layerNorm", v -> NormOps.layerNorm(v[0], v[1], v[2], 1e-5f), x, w, b);
        sameForOneAndTwoThreads("rmsNorm", v -> NormOps.rmsNorm(v[0], v[1], 1e-6f), x, w);
        int[] ids = new int[512];
        for (int i = 0; i < ids.length; i++) ids[i] = (i * 37) % 256;
        IntTensor targets = IntTensor.vector(ids);
        sameForOneAndTwoThreads("crossEntropy", v -> CrossEntropy.loss(v[0], targets), x);
        sameForOneAndTwoThreads("logSoftmaxGather", v -> LogProbs.logSoftmaxGather(v[0], targets), x);
        sameForOneAndTwoThreads("gelu", v -> Activations.gelu(v[0]), x);
        sameForOneAndTwoThreads("swiglu", v -> Activations.swiglu(v[0], v[1]), x, Inputs.normal(4, 512, 256));
        Tensor qkv = Inputs.normal(5, 4, 64, 96);
        sameForOneAndTwoThreads("heads", v -> Heads.merge(Heads.splitQkv(v[0], 2, 1)[0]), qkv);
    }
}
