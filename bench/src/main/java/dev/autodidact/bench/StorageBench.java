package dev.autodidact.bench;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.*;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;

/**
 * The storage decision: the same SIMD loop (y = a·x + y) over a heap float[] and over an
 * off-heap MemorySegment, at an L2-resident and a memory-resident size. See tensor/README.md.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
public class StorageBench {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    @Param({"65536", "4194304"})
    public int n;

    private float[] hx, hy;
    private MemorySegment sx, sy;
    private Arena arena;

    @Setup
    public void setup() {
        hx = new float[n];
        hy = new float[n];
        for (int i = 0; i < n; i++) hx[i] = i * 1e-6f;
        arena = Arena.ofConfined();
        sx = arena.allocate((long) n * Float.BYTES, 64);
        sy = arena.allocate((long) n * Float.BYTES, 64);
        for (int i = 0; i < n; i++) sx.setAtIndex(ValueLayout.JAVA_FLOAT, i, i * 1e-6f);
    }

    @TearDown
    public void tearDown() {
        arena.close();
    }

    @Benchmark
    public float[] heapArray() {
        int bound = S.loopBound(n);
        for (int i = 0; i < bound; i += S.length()) {
            FloatVector.fromArray(S, hx, i).mul(0.5f).add(FloatVector.fromArray(S, hy, i)).intoArray(hy, i);
        }
        return hy;
    }

    @Benchmark
    public MemorySegment offHeapSegment() {
        int bound = S.loopBound(n);
        ByteOrder order = ByteOrder.nativeOrder();
        for (int i = 0; i < bound; i += S.length()) {
            long off = (long) i * Float.BYTES;
            FloatVector.fromMemorySegment(S, sx, off, order).mul(0.5f).add(FloatVector.fromMemorySegment(S, sy, off, order)).intoMemorySegment(sy, off, order);
        }
        return sy;
    }
}
