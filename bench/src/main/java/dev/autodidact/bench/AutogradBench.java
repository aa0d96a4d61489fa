package dev.autodidact.bench;

import dev.autodidact.autograd.Tape;
import dev.autodidact.autograd.Var;
import dev.autodidact.autograd.fused.Attention;
import dev.autodidact.autograd.fused.CrossEntropy;
import dev.autodidact.autograd.nn.Parameter;
import dev.autodidact.autograd.optim.AdamW;
import dev.autodidact.autograd.optim.ParamGroup;
import dev.autodidact.autograd.optim.Schedule;
import dev.autodidact.tensor.IntTensor;
import dev.autodidact.autograd.nn.LayerNorm;
import dev.autodidact.autograd.nn.Linear;
import dev.autodidact.autograd.nn.Module;
import dev.autodidact.autograd.nn.Init;
import dev.autodidact.tensor.Arena;
import dev.autodidact.tensor.Parallel;
import dev.autodidact.tensor.Tensor;
import dev.autodidact.tensor.random.Rng;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.concurrent.TimeUnit;

/**
 * Forward + backward through the autograd tape, milliseconds per call:
 * <ul>
 *   <li>{@code linear}: x [2048, 256] → Linear(256, 1024) with bias; gradients of x, W and b
 *       (3 GEMMs of 2·2048·256·1024 = 1.07 GFLOP each);</li>
 *   <li>{@code attentionBlock}: the attention half of a pre-LN GPT block at B=16, T=128, C=256,
 *       H=8 (hs=32): x + proj(attention(split(qkv(LN(x))))), causal; gradients of x and every
 *       parameter (~4.0 GFLOP forward+backward).</li>
 *   <li>{@code trainStep}: a whole training step around that block — block, a Linear(256, 512)
 *       vocabulary head, cross-entropy against fixed targets, backward, AdamW step — so the
 *       bytes per call are the bytes per training step.</li>
 * </ul>
 * With {@code arena=true} each call runs inside an {@link Arena} scope, so steady-state calls
 * reuse their tensor arrays; {@code -prof gc} reports the bytes allocated per call.
 *
 * <pre>
 * export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
 * ./mvnw -B -T1 -q -pl bench -am package -DskipTests
 * $JAVA_HOME/bin/java --add-modules jdk.incubator.vector -cp bench/target/autodidact-bench.jar \
 *     org.openjdk.jmh.Main AutogradBench -f 1 -wi 3 -i 5 -w 2 -r 2 -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class AutogradBench {

    @Param({"1", "2"})
    public int threads;

    @Param({"false", "true"})
    public boolean arena;

    static final int B = 16, T = 128, C = 256, H = 8, HS = C / H, V = 512;

    /** The attention sub-block of a pre-LN transformer layer. */
    static final class AttentionBlock extends Module {
        final LayerNorm ln = child("ln", new LayerNorm(C));
        final Linear qkv, proj;

        AttentionBlock(Rng rng) {
            qkv = child("qkv", new Linear(C, 3 * C, true, Init.normal(0.02f), rng));
            proj = child("proj", new Linear(C, C, true, Init.scaledResidual(0.02f, 1), rng));
        }

        /** x [B, T, C] → [B, T, C]. */
        Var forward(Var x) {
            Var qkvOut = qkv.forward(ln.forward(x)).reshape(B, T, 3, H, HS);       // [B, T, 3, H, hs]
            Var q = qkvOut.select(2, 0).permute(0, 2, 1, 3);                        // [B, H, T, hs]
            Var k = qkvOut.select(2, 1).permute(0, 2, 1, 3);
            Var v = qkvOut.select(2, 2).permute(0, 2, 1, 3);
            Var y = Attention.attention(q, k, v, null, true).permute(0, 2, 1, 3).reshape(B, T, C);
            return x.add(proj.forward(y));
        }
    }

    private int threadsBefore;
    private Arena pool;
    private Linear linear;
    private Var linearIn;
    private Tensor linearUp;
    private AttentionBlock block;
    private Var blockIn;
    private Tensor blockUp;
    private Linear head;
    private IntTensor targets;
    private AdamW opt;

    @Setup
    public void setup() {
        threadsBefore = Parallel.threads();
        Parallel.setThreads(threads);
        pool = new Arena();
        Rng rng = Rng.of(42);
        linear = new Linear(256, 1024, true, Init.normal(0.02f), rng);
        linearIn = Var.leaf(Tensor.normal(rng, 0f, 1f, 2048, 256));
        linearUp = Tensor.normal(rng, 0f, 1f, 2048, 1024);
        block = new AttentionBlock(rng);
        blockIn = Var.leaf(Tensor.normal(rng, 0f, 1f, B, T, C));
        blockUp = Tensor.normal(rng, 0f, 1f, B, T, C);
        head = new Linear(C, V, true, Init.normal(0.02f), rng);
        int[] ids = new int[B * T];
        for (int i = 0; i < ids.length; i++) ids[i] = rng.nextInt(V);
        targets = IntTensor.of(ids, B, T);
        var params = new java.util.LinkedHashMap<String, Parameter>();
        block.namedParameters().forEach((k, p) -> params.put("block." + k, p));
        head.namedParameters().forEach((k, p) -> params.put("head." + k, p));
        opt = new AdamW(ParamGroup.byDecay(params, 3e-4, 0.1), Schedule.constant());
    }

    @TearDown
    public void tearDown() {
        Parallel.setThreads(threadsBefore);
        Tape.clear();
    }

    @Benchmark
    public float linear() {
        try (var scope = arena ? pool.enter() : null) {
            linear.zeroGrad();
            linearIn.zeroGrad();
            linear.forward(linearIn).backward(linearUp);
            return linear.weight().grad().get(0, 0) + linearIn.grad().get(0, 0);
        }
    }

    @Benchmark
    public float attentionBlock() {
        try (var scope = arena ? pool.enter() : null) {
            block.zeroGrad();
            blockIn.zeroGrad();
            block.forward(blockIn).backward(blockUp);
            return block.qkv.weight().grad().get(0, 0) + blockIn.grad().get(0, 0, 0);
        }
    }

    @Benchmark
    public float trainStep() {
        try (var scope = arena ? pool.enter() : null) {
            opt.zeroGrad();
            blockIn.zeroGrad();
            Var loss = CrossEntropy.loss(head.forward(block.forward(blockIn)), targets);
            loss.backward();
            opt.step();
            return loss.item();
        }
    }
}
