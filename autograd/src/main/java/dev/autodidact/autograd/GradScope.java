package dev.autodidact.autograd;

import dev.autodidact.tensor.Arena;
import dev.autodidact.tensor.Tensor;
import dev.autodidact.tensor.kernel.BinaryOp;
import dev.autodidact.tensor.kernel.Elementwise;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * While entered on a thread, gradients that reach a leaf (a parameter) land in this scope's own
 * buffer for that leaf instead of the leaf's {@link Var#grad()}: two threads can then run
 * forward and backward over the same parameters at once, each into its own gradients
 * ({@link DataParallel}). Buffers live across steps (outside any {@link Arena}); {@link #clear}
 * forgets which leaves received a gradient without freeing them.
 */
final class GradScope {
    private static final ThreadLocal<GradScope> CURRENT = new ThreadLocal<>();

    private final Map<Var, Tensor> buffers = new IdentityHashMap<>();
    /** Leaves that received a gradient since {@link #clear}, in the order they first did. */
    private final List<Var> touched = new ArrayList<>();
    private final Map<Var, Boolean> isTouched = new IdentityHashMap<>();

    /** The scope entered on this thread, or null. */
    static GradScope current() {
        return CURRENT.get();
    }

    /** Makes this the current scope of this thread until the returned handle is closed. */
    AutoCloseable enter() {
        GradScope previous = CURRENT.get();
        CURRENT.set(this);
        return () -> CURRENT.set(previous);
    }

    /** Adds a contribution to {@code leaf}'s gradient in this scope (the first one is copied). */
    void accumulate(Var leaf, Tensor contribution) {
        Tensor b = buffer(leaf);
        if (markTouched(leaf)) b.copyFrom(contribution);
        else Elementwise.binaryInto(BinaryOp.ADD, b, contribution, b);
    }

    /** {@code leaf}'s gradient in this scope, zero-filled when none has arrived yet this step. */
    Tensor sink(Var leaf) {
        Tensor b = buffer(leaf);
        if (markTouched(leaf)) java.util.Arrays.fill(b.data(), 0f);
        return b;
    }

    List<Var> touched() {
        return touched;
    }

    Tensor gradient(Var leaf) {
        return buffers.get(leaf);
    }

    void clear() {
        touched.clear();
        isTouched.clear();
    }

    private Tensor buffer(Var leaf) {
        Tensor b = buffers.get(leaf);
        if (b == null) {
            try (var _ = Arena.outside()) {
                b = Tensor.zeros(leaf.shape());
            }
            buffers.put(leaf, b);
        }
        return b;
    }

    /** True the first time {@code leaf} is seen since {@link #clear}. */
    private boolean markTouched(Var leaf) {
        if (isTouched.put(leaf, Boolean.TRUE) != null) return false;
        touched.add(leaf);
        return true;
    }
}
