package dev.autodidact.tensor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Recycles the arrays of {@link Tensor#zeros} across repetitions of the same computation (one
 * training step after another), so a steady-state step allocates no large arrays.
 *
 * <pre>
 * Arena arena = new Arena();
 * for (...) {
 *     try (var scope = arena.enter()) {   // Tensor.zeros on this thread now draws from the arena
 *         ... forward, backward, optimizer step; copy out anything to keep (loss.item()) ...
 *     }                                   // every array handed out inside becomes free again
 * }
 * </pre>
 *
 * Arrays are reused by exact length and zero-filled when handed out again (except for
 * {@link Tensor#uninitialized}, whose caller overwrites every element). Tensors created inside
 * a scope must not be used after it closes: their arrays belong to the next step. Long-lived
 * state created inside a scope (gradient buffers of parameters, snapshots) must be allocated in
 * {@link #outside()}. Only the thread that entered the arena draws from it; kernel worker threads
 * allocate normally. An arena is not thread-safe: one thread, one arena.
 */
public final class Arena {
    private static final ThreadLocal<Arena> CURRENT = new ThreadLocal<>();

    private final Map<Integer, ArrayDeque<float[]>> free = new HashMap<>();
    private final ArrayList<float[]> handedOut = new ArrayList<>();
    private long allocatedBytes, reusedBytes;
    private int depth;

    /** A scope: closing it returns the arrays handed out since {@link #enter} and restores the previous arena. */
    public final class Scope implements AutoCloseable {
        private final Arena previous;
        private final int mark;
        private boolean closed;

        private Scope(Arena previous, int mark) {
            this.previous = previous;
            this.mark = mark;
        }

        @Override
        public void close() {
            if (closed) return;
            closed = true;
            for (int i = handedOut.size() - 1; i >= mark; i--) {
                float[] a = handedOut.remove(i);
                free.computeIfAbsent(a.length, k -> new ArrayDeque<>()).push(a);
            }
            depth--;
            CURRENT.set(previous);
        }
    }

    /** Makes this arena the current one on this thread until the scope closes. */
    public Scope enter() {
        Arena previous = CURRENT.get();
        CURRENT.set(this);
        depth++;
        return new Scope(previous, handedOut.size());
    }

    /** A scope in which no arena is current (for allocations that must outlive the step). */
    public static Outside outside() {
        Arena previous = CURRENT.get();
        CURRENT.set(null);
        return new Outside(previous);
    }

    /** The scope returned by {@link #outside()}; closing it makes the previous arena current again. */
    public static final class Outside implements AutoCloseable {
        private final Arena previous;

        private Outside(Arena previous) {
            this.previous = previous;
        }

        @Override
        public void close() {
            CURRENT.set(previous);
        }
    }

    /** A zero-filled array of length n: from the current arena when there is one, else new. */
    static float[] allocate(int n) {
        Arena a = CURRENT.get();
        return a == null ? new float[n] : a.take(n);
    }

    /** As {@link #allocate} without zero-filling a recycled array (for outputs written in full). */
    static float[] allocateUninitialized(int n) {
        Arena a = CURRENT.get();
        return a == null ? new float[n] : a.take(n, false);
    }

    private float[] take(int n) {
        return take(n, true);
    }

    private float[] take(int n, boolean zero) {
        ArrayDeque<float[]> q = free.get(n);
        float[] a = q == null ? null : q.poll();
        if (a == null) {
            a = new float[n];
            allocatedBytes += 4L * n;
        } else {
            if (zero) Arrays.fill(a, 0f);
            reusedBytes += 4L * n;
        }
        handedOut.add(a);
        return a;
    }

    /** Bytes of new arrays this arena has created (grows only while shapes are new). */
    public long allocatedBytes() { return allocatedBytes; }

    /** Bytes served from recycled arrays. */
    public long reusedBytes() { return reusedBytes; }

    /** Bytes held by free arrays waiting for reuse. */
    public long freeBytes() {
        long s = 0;
        for (var e : free.entrySet()) s += 4L * e.getKey() * e.getValue().size();
        return s;
    }

    /** Drops every free array (after a change of shapes, say); arrays in use are unaffected. */
    public void trim() {
        free.clear();
    }

    /** Whether a scope of this arena is open. */
    public boolean active() {
        return depth > 0;
    }
}
