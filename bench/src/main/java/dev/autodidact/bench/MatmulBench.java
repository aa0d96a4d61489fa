package dev.autodidact.bench;

import dev.autodidact.tensor.Parallel;
import dev.autodidact.tensor.kernel.Sgemm;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * SGEMM throughput at the transformer shapes of perf-anchors.md, in calls per second; GFLOP/s =
 * score × {@link #flops(String)} / 1e9.
 *
 * <p>A shape is {@code [batch@]MxKxN:FLAGS}: op(A) is M×K, op(B) is K×N, FLAGS is two letters,
 * N or T, for transA and transB (e.g. {@code 256x2048x1024:TN} is dW = Xᵀ·dY). The output is
 * preallocated; every call overwrites it (beta = 0).
 *
 * <pre>
 * export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
 * ./mvnw -B -T1 -q -pl bench -am package -DskipTests
 * $JAVA_HOME/bin/java --add-modules jdk.incubator.vector -cp bench/target/autodidact-bench.jar \
 *     org.openjdk.jmh.Main MatmulBench -f 1 -wi 3 -i 5 -w 1 -r 1
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class MatmulBench {

    @Param({"512x512x512:NN", "1024x1024x1024:NN", "2048x256x1024:NN", "2048x1024x256:NN", "2048x256x256:NN",
            "256x2048x1024:TN", "64x256x1024:NN", "1x256x1024:NN", "128@128x32x128:NT", "128@128x128x32:NN"})
    public String shape;

    @Param({"1", "2"})
    public int threads;

    /** A parsed shape string. */
    public record Shape(int batch, int M, int K, int N, boolean transA, boolean transB) {
        /** Parses {@code [batch@]MxKxN:FLAGS}. */
        public static Shape parse(String s) {
            int at = s.indexOf('@'), colon = s.indexOf(':');
            if (colon < 0 || colon != s.length() - 3) {
                throw new IllegalArgumentException("matmul shape '" + s + "' must look like [batch@]MxKxN:NN (flags N or T for A and B)");
            }
            int batch = at < 0 ? 1 : Integer.parseInt(s.substring(0, at));
            String[] d = s.substring(at + 1, colon).split("x");
            if (d.length != 3) throw new IllegalArgumentException("matmul shape '" + s + "' needs three sizes MxKxN");
            char fa = s.charAt(colon + 1), fb = s.charAt(colon + 2);
            if ("NT".indexOf(fa) < 0 || "NT".indexOf(fb) < 0) {
                throw new IllegalArgumentException("matmul shape '" + s + "': flags must be N or T, got '" + fa + fb + "'");
            }
            return new Shape(batch, Integer.parseInt(d[0]), Integer.parseInt(d[1]), Integer.parseInt(d[2]), fa == 'T', fb == 'T');
        }

        public double flops() {
            return Sgemm.flops(batch, M, N, K);
        }
    }

    /** Floating-point operations of one benchmark call for {@code shape}: 2·batch·M·N·K. */
    public static double flops(String shape) {
        return Shape.parse(shape).flops();
    }

    private Shape sh;
    private float[] a, b, c;
    private int lda, ldb, ldc, aStride, bStride, cStride;
    private int threadsBefore;

    @Setup
    public void setup() {
        sh = Shape.parse(shape);
        threadsBefore = Parallel.threads();
        Parallel.setThreads(threads);
        lda = sh.transA ? sh.M : sh.K;
        ldb = sh.transB ? sh.K : sh.N;
        ldc = sh.N;
        aStride = sh.M * sh.K;
        bStride = sh.K * sh.N;
        cStride = sh.M * sh.N;
        SplittableRandom rnd = new SplittableRandom(42);
        a = new float[sh.batch * aStride];
        b = new float[sh.batch * bStride];
        c = new float[sh.batch * cStride];
        for (int i = 0; i < a.length; i++) a[i] = (float) (rnd.nextDouble() - 0.5);
        for (int i = 0; i < b.length; i++) b[i] = (float) (rnd.nextDouble() - 0.5);
    }

    @TearDown
    public void tearDown() {
        Parallel.setThreads(threadsBefore);
    }

    @Benchmark
    public float[] sgemm() {
        if (sh.batch == 1) {
            Sgemm.gemm(sh.transA, sh.transB, sh.M, sh.N, sh.K, 1f, a, 0, lda, b, 0, ldb, 0f, c, 0, ldc);
        } else {
            Sgemm.gemmBatched(sh.batch, sh.transA, sh.transB, sh.M, sh.N, sh.K, 1f, a, 0, aStride, lda,
                    b, 0, bStride, ldb, 0f, c, 0, cStride, ldc);
        }
        return c;
    }
}
