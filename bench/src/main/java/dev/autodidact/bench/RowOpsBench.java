package dev.autodidact.bench;

import dev.autodidact.tensor.Parallel;
import dev.autodidact.tensor.Tensor;
import dev.autodidact.tensor.kernel.Norms;
import dev.autodidact.tensor.kernel.Softmax;
import dev.autodidact.tensor.random.Rng;
import org.openjdk.jmh.annotations.*;

import java.util.concurrent.TimeUnit;

/**
 * Memory-bound row kernels on [rows × C]: softmax and layer norm, writing into preallocated
 * outputs. GB/s counts the bytes a kernel must move: read x once, write the output once.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
public class RowOpsBench {

    @Param({"2048x1024"})
    public String shape;

    @Param({"1", "2"})
    public int threads;

    private Tensor x, weight, bias;
    private Tensor out;
    private Norms.LayerNormResult ln;

    /** Bytes moved by one call on {@code shape} (read input, write output; float32). */
    public static double bytes(String shape) {
        String[] d = shape.split("x");
        return 2.0 * Long.parseLong(d[0]) * Long.parseLong(d[1]) * Float.BYTES;
    }

    @Setup
    public void setup() {
        String[] d = shape.split("x");
        int rows = Integer.parseInt(d[0]), c = Integer.parseInt(d[1]);
        Parallel.setThreads(threads);
        Rng rng = Rng.of(1);
        x = Tensor.normal(rng, 0, 3, rows, c);
        weight = Tensor.normal(rng, 1, 0.1f, c);
        bias = Tensor.normal(rng, 0, 0.1f, c);
        out = Tensor.zeros(rows, c);
        ln = new Norms.LayerNormResult(Tensor.zeros(rows, c), Tensor.zeros(rows), Tensor.zeros(rows));
    }

    @Benchmark
    public Tensor softmax() {
        Softmax.softmaxInto(x, out);
        return out;
    }

    @Benchmark
    public Tensor layernorm() {
        Norms.layerNormInto(x, weight, bias, 1e-5f, ln);
        return ln.out();
    }
}
