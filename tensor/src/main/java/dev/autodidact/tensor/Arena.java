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
    private final ArrayDeque<Integer> marks = new ArrayDeque<>(); // handedOut.size() at each open scope's start, innermost first
    private final java.util.HashSet<Integer> lengthsAsked = new java.util.HashSet<>(); // since the last trimUnused
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
            marks.pop();
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
        marks.push(handedOut.size());
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

    /**
     * Gives an array back before its scope closes, so that later allocations of the same scope can
     * reuse it (backward releases gradient temporaries this way, which bounds a training step's
     * memory by what is live rather than by everything it allocated). Only an array the current
     * arena handed out in its innermost open scope is taken back, and only once; anything else is
     * left alone. The caller guarantees that nothing reads or writes {@code a} afterwards.
     *
     * @return whether the array was taken back
     */
    public static boolean release(float[] a) {
        Arena arena = CURRENT.get();
        return arena != null && arena.giveBack(a);
    }

    private boolean giveBack(float[] a) {
        if (marks.isEmpty()) return false;
        int mark = marks.peek();
        for (int i = handedOut.size() - 1; i >= mark; i--) {
            if (handedOut.get(i) != a) continue;
            // Order inside one scope does not matter: move the last entry into the hole.
            float[] last = handedOut.remove(handedOut.size() - 1);
            if (i < handedOut.size()) handedOut.set(i, last);
            free.computeIfAbsent(a.length, k -> new ArrayDeque<>()).push(a);
            return true;
        }
        return false;
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
        lengthsAsked.add(n);
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

    /**
     * Drops the free arrays of every length not asked for since the last call: a loop whose
     * shapes change from step to step (padded sequence lengths) then keeps about one step's
     * arrays, not one set per shape it has ever seen (which ran a PPO run out of a 1.5 GB heap
     * in four steps), while a loop of fixed shapes keeps all of its own.
     */
    public void trimUnused() {
        free.keySet().retainAll(lengthsAsked);
        lengthsAsked.clear();
    }

    /** Whether a scope of this arena is open. */
    public boolean active() {
        return depth > 0;
    }
}
