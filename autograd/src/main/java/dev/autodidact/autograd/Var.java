package dev.autodidact.autograd;

import dev.autodidact.autograd.ops.Arithmetic;
import dev.autodidact.autograd.ops.Indexing;
import dev.autodidact.autograd.ops.MatmulOp;
import dev.autodidact.autograd.ops.Pointwise;
import dev.autodidact.autograd.ops.Reduce;
import dev.autodidact.autograd.ops.SoftmaxOp;
import dev.autodidact.autograd.ops.Views;
import dev.autodidact.tensor.Arena;
import dev.autodidact.tensor.IntTensor;
import dev.autodidact.tensor.Shapes;
import dev.autodidact.tensor.Tensor;
import dev.autodidact.tensor.kernel.BinaryOp;
import dev.autodidact.tensor.kernel.Elementwise;

import java.util.Arrays;
import java.util.function.UnaryOperator;

/**
 * A tensor value in a differentiable computation: the value, a lazily allocated gradient, and —
 * for values produced by an op while gradients are enabled — the inputs and the backward rule of
 * that op, recorded on the thread's {@link Tape}.
 *
 * <p>Three kinds: constants (no gradient), leaves (inputs and parameters whose gradients
 * accumulate across backward passes until {@link #zeroGrad}), and op outputs (their gradient
 * lives only while backward passes through them, unless {@link #retainGrad} is set).
 */
public final class Var {

    /** How an op turns the gradient of its output into gradients of its inputs (via {@link #accumulate}). */
    @FunctionalInterface
    public interface Backward {
        void apply(Tensor gradOut);
    }

    private final Tensor value;
    private final String op;
    private final boolean requiresGrad;
    private final boolean leaf;
    private Var[] inputs;
    private Backward backward;
    private Tensor grad;
    private boolean gradOwned;   // grad is a buffer this Var may add into in place
    private Tensor leafBuffer;   // a leaf's gradient buffer, reused across zeroGrad calls
    private boolean retainGrad;
    long seq;                    // position on the tape (creation order)
    boolean consumed;            // backward has passed through and released this node

    private Var(Tensor value, String op, boolean requiresGrad, boolean leaf, Var[] inputs, Backward backward) {
        this.value = value;
        this.op = op;
        this.requiresGrad = requiresGrad;
        this.leaf = leaf;
        this.inputs = inputs;
        this.backward = backward;
    }

    // ---- creation ------------------------------------------------------------------------

    /** A value that never receives a gradient (data, masks, targets). */
    public static Var constant(Tensor value) {
        return new Var(value, "constant", false, true, null, null);
    }

    /** A leaf whose gradient is wanted (a trainable input); its gradient accumulates until {@link #zeroGrad}. */
    public static Var leaf(Tensor value) {
        return new Var(value, "leaf", true, true, null, null);
    }

    /**
     * The output of op {@code name}: recorded on the tape with its backward rule when gradients
     * are enabled and some input requires one; otherwise a constant, and nothing is recorded.
     */
    public static Var op(String name, Tensor value, Backward rule, Var... inputs) {
        if (!needsGrad(inputs)) return new Var(value, name, false, false, null, null);
        Var v = new Var(value, name, true, false, inputs, rule);
        Tape.current().record(v);
        return v;
    }

    /** Whether an op over these inputs will be recorded (ops skip backward-only work when not). */
    public static boolean needsGrad(Var... inputs) {
        if (!NoGrad.gradEnabled()) return false;
        for (Var v : inputs) if (v != null && v.requiresGrad) return true;
        return false;
    }

    // ---- accessors -----------------------------------------------------------------------

    public Tensor value() { return value; }
    public int[] shape() { return value.shape(); }
    public int size(int axis) { return value.size(axis); }
    public int dim() { return value.dim(); }
    public int numel() { return value.numel(); }
    public float item() { return value.item(); }
    public boolean requiresGrad() { return requiresGrad; }
    public boolean isLeaf() { return leaf; }
    /** Name of the op that produced this value ("leaf" or "constant" for the others). */
    public String opName() { return op; }

    /** The accumulated gradient, or null when none has arrived (since the last {@link #zeroGrad}). */
    public Tensor grad() { return grad; }

    /** Keeps this op output's gradient after backward has passed through it (for inspection). */
    public Var retainGrad() {
        retainGrad = true;
        return this;
    }

    /** Forgets the gradient; a leaf keeps its buffer and refills it on the next backward. */
    public void zeroGrad() {
        grad = null;
        gradOwned = false;
    }

    /** The same value, cut off from the graph: no gradient flows through it. */
    public Var detach() {
        return constant(value);
    }

    // ---- backward ------------------------------------------------------------------------

    /** Backward from a scalar output: d(this)/d(this) = 1. */
    public void backward() {
        if (numel() != 1) {
            throw new IllegalArgumentException("backward: the output of '" + op + "' has shape " + Shapes.format(shape())
                    + " (" + numel() + " elements); backward() without an upstream gradient needs a single element — pass backward(upstream)");
        }
        backward(Tensor.ones(shape()));
    }

    /** Backward with an explicit gradient of some scalar with respect to this value. */
    public void backward(Tensor upstream) {
        if (!Arrays.equals(upstream.shape(), shape())) {
            throw new IllegalArgumentException("backward: upstream gradient of shape " + Shapes.format(upstream.shape())
                    + " does not match the output of '" + op + "' with shape " + Shapes.format(shape()));
        }
        if (!requiresGrad) {
            throw new IllegalStateException("backward: the output of '" + op + "' " + Shapes.format(shape())
                    + " does not require a gradient (no input of its graph requires one, or it was computed inside NoGrad)");
        }
        if (consumed) {
            throw new IllegalStateException("backward: the graph behind '" + op + "' " + Shapes.format(shape())
                    + " was already released by an earlier backward; recompute the forward pass");
        }
        accumulate(upstream);
        if (!leaf) Tape.current().sweep(this);
    }

    /** Runs this node's backward rule once and releases what it saved (called by the tape). */
    void runBackward() {
        Backward rule = backward;
        Tensor g = grad;
        Var[] ins = inputs;
        boolean owned = gradOwned && !leaf && !retainGrad;
        backward = null;
        inputs = null;
        consumed = true;
        if (!retainGrad) {
            grad = null;
            gradOwned = false;
        }
        if (rule != null && g != null) rule.apply(g);
        // An owned gradient was made for this node alone; once the rule has run it is garbage
        // unless the rule handed it (or a view of it) on to an input. Inside an Arena the array
        // is then reused by the rest of this backward pass.
        if (owned && g != null && !heldByInput(ins, g.data())) Arena.release(g.data());
    }

    private static boolean heldByInput(Var[] ins, float[] a) {
        if (ins == null) return false;
        for (Var in : ins) {
            if (in == null) continue;
            if (in.grad != null && in.grad.data() == a) return true;
            if (in.leafBuffer != null && in.leafBuffer.data() == a) return true;
        }
        return false;
    }

    /** Releases the saved state without running backward (when the tape is cleared). */
    void release() {
        backward = null;
        inputs = null;
        consumed = true;
    }

    boolean hasPendingGrad() {
        return grad != null && backward != null;
    }

    /**
     * Adds a gradient contribution (of exactly this value's shape) — for op backward rules.
     * Ignored when this value does not require a gradient.
     */
    public void accumulate(Tensor contribution) {
        if (!requiresGrad) return;
        if (!Arrays.equals(contribution.shape(), value.shape())) {
            throw new IllegalStateException("backward: a gradient of shape " + Shapes.format(contribution.shape())
                    + " reached '" + op + "' of shape " + Shapes.format(value.shape()));
        }
        if (leaf) {
            GradScope scope = GradScope.current();
            if (scope != null) {
                scope.accumulate(this, contribution);
                return;
            }
            if (grad == null) {
                if (leafBuffer == null) leafBuffer = persistentZeros(value.shape());
                leafBuffer.copyFrom(contribution);
                grad = leafBuffer;
                gradOwned = true;
            } else {
                Elementwise.binaryInto(BinaryOp.ADD, grad, contribution, grad);
            }
            return;
        }
        if (grad == null) {
            // Borrow: the contribution may be shared with another input (add passes its gradient
            // to both), so it is copied only if a second contribution has to be added to it.
            grad = contribution;
            gradOwned = false;
        } else if (gradOwned) {
            Elementwise.binaryInto(BinaryOp.ADD, grad, contribution, grad);
        } else {
            grad = grad.add(contribution);
            gradOwned = true;
        }
    }

    /**
     * As {@link #accumulate} for a contribution the calling rule has just allocated for this
     * value alone and keeps no reference to (a product or kernel output, not the incoming
     * gradient or a view of it). This value may then add into it in place and, inside an
     * {@link Arena}, give its array back as soon as it is no longer needed.
     */
    public void accumulateFresh(Tensor contribution) {
        if (!requiresGrad || leaf || grad != null || !contribution.isContiguous() || contribution.offset() != 0
                || contribution.numel() != contribution.data().length) {
            accumulate(contribution);
            // Copied into a leaf buffer or added onto an existing gradient: nothing holds it now.
            if (grad == null || grad.data() != contribution.data()) Arena.release(contribution.data());
            return;
        }
        if (!Arrays.equals(contribution.shape(), value.shape())) {
            throw new IllegalStateException("backward: a gradient of shape " + Shapes.format(contribution.shape())
                    + " reached '" + op + "' of shape " + Shapes.format(value.shape()));
        }
        grad = contribution;
        gradOwned = true;
    }

    /**
     * For a leaf that requires a gradient: its gradient tensor, made current and zero-filled if
     * no gradient has arrived yet, so that a kernel can add into it in place (a matmul with
     * beta = 1) instead of allocating a contribution. Null for every other kind of value.
     */
    public Tensor gradSink() {
        if (!leaf || !requiresGrad) return null;
        GradScope scope = GradScope.current();
        if (scope != null) return scope.sink(this);
        if (grad == null) {
            if (leafBuffer == null) leafBuffer = persistentZeros(value.shape());
            else Arrays.fill(leafBuffer.data(), 0f);
            grad = leafBuffer;
            gradOwned = true;
        }
        return grad;
    }

    /**
     * This value's gradient as a buffer the caller may add into in place, with its own loops:
     * contiguous, of the full shape, zero-filled when no gradient has arrived yet (an op whose
     * backward writes only part of its input, like splitting heads). Null when no gradient is needed.
     */
    public Tensor gradBuffer() {
        if (!requiresGrad) return null;
        if (leaf) return gradSink();
        if (grad == null) grad = Tensor.zeros(value.shape());
        else if (!gradOwned) grad = grad.copy();
        gradOwned = true;
        return grad;
    }

    /**
     * Adds a contribution to the part of this value's gradient that {@code region} selects (a
     * view such as a narrow or select of the full gradient) — the backward of a view that covers
     * part of its input. The first contribution allocates one zero gradient of the full shape;
     * later ones add into their region in place, so k slices of one input cost one buffer.
     */
    public void accumulateRegion(UnaryOperator<Tensor> region, Tensor contribution) {
        if (!requiresGrad) return;
        if (leaf && GradScope.current() != null) {
            Tensor target = region.apply(gradSink());
            if (!Arrays.equals(target.shape(), contribution.shape())) {
                throw new IllegalStateException("backward: a gradient of shape " + Shapes.format(contribution.shape())
                        + " reached a region of shape " + Shapes.format(target.shape()) + " of '" + op + "' " + Shapes.format(value.shape()));
            }
            Elementwise.addInto(target, contribution);
            return;
        }
        boolean fresh = grad == null;
        if (fresh) {
            if (leaf) gradSink();
            else grad = Tensor.zeros(value.shape());
            gradOwned = true;
        } else if (!gradOwned) {
            grad = grad.copy();
            gradOwned = true;
        }
        Tensor target = region.apply(grad);
        if (!Arrays.equals(target.shape(), contribution.shape())) {
            throw new IllegalStateException("backward: a gradient of shape " + Shapes.format(contribution.shape())
                    + " reached a region of shape " + Shapes.format(target.shape()) + " of '" + op + "' " + Shapes.format(value.shape()));
        }
        if (fresh) target.copyFrom(contribution);
        else Elementwise.addInto(target, contribution);
    }

    /** A leaf's gradient buffer lives across training steps, so it never comes from an {@link Arena}. */
    private static Tensor persistentZeros(int[] shape) {
        try (var _ = Arena.outside()) {
            return Tensor.zeros(shape);
        }
    }

    /** Input i of the op that produced this value (for tests and debugging). */
    public Var input(int i) {
        if (inputs == null) throw new IllegalStateException("input: '" + op + "' has no recorded inputs (a leaf, a constant, or already released)");
        return inputs[i];
    }

    // ---- arithmetic (ops/Arithmetic) ------------------------------------------------------

    public Var add(Var o) { return Arithmetic.add(this, o); }
    public Var sub(Var o) { return Arithmetic.sub(this, o); }
    public Var mul(Var o) { return Arithmetic.mul(this, o); }
    public Var div(Var o) { return Arithmetic.div(this, o); }
    public Var maximum(Var o) { return Arithmetic.maximum(this, o); }
    public Var minimum(Var o) { return Arithmetic.minimum(this, o); }
    public Var add(float s) { return Arithmetic.addScalar(this, s); }
    public Var sub(float s) { return Arithmetic.addScalar(this, -s); }
    public Var mul(float s) { return Arithmetic.mulScalar(this, s); }
    public Var div(float s) { return Arithmetic.mulScalar(this, 1f / s); }
    public Var neg() { return Arithmetic.mulScalar(this, -1f); }
    /** s - this. */
    public Var rsub(float s) { return Arithmetic.addScalar(Arithmetic.mulScalar(this, -1f), s); }

    // ---- pointwise functions (ops/Pointwise) ----------------------------------------------

    public Var exp() { return Pointwise.exp(this); }
    public Var log() { return Pointwise.log(this); }
    public Var sqrt() { return Pointwise.sqrt(this); }
    public Var rsqrt() { return Pointwise.rsqrt(this); }
    public Var square() { return Pointwise.square(this); }
    public Var abs() { return Pointwise.abs(this); }
    public Var tanh() { return Pointwise.tanh(this); }
    public Var sigmoid() { return Pointwise.sigmoid(this); }
    public Var relu() { return Pointwise.relu(this); }
    public Var gelu() { return Pointwise.gelu(this); }
    public Var geluErf() { return Pointwise.geluErf(this); }
    public Var silu() { return Pointwise.silu(this); }
    public Var pow(float p) { return Pointwise.pow(this, p); }
    public Var clamp(float lo, float hi) { return Pointwise.clamp(this, lo, hi); }

    // ---- reductions (ops/Reduce) -----------------------------------------------------------

    public Var sum() { return Reduce.sumAll(this); }
    public Var mean() { return Reduce.meanAll(this); }
    public Var sum(int axis, boolean keepDim) { return Reduce.sum(this, axis, keepDim); }
    public Var mean(int axis, boolean keepDim) { return Reduce.mean(this, axis, keepDim); }
    public Var max(int axis, boolean keepDim) { return Reduce.max(this, axis, keepDim); }
    public Var min(int axis, boolean keepDim) { return Reduce.min(this, axis, keepDim); }
    public Var var(int axis, boolean keepDim, int correction) { return Reduce.var(this, axis, keepDim, correction); }
    public Var logsumexp(int axis, boolean keepDim) { return Reduce.logsumexp(this, axis, keepDim); }

    // ---- softmax, matmul ------------------------------------------------------------------

    public Var softmax() { return SoftmaxOp.softmax(this); }
    public Var logSoftmax() { return SoftmaxOp.logSoftmax(this); }
    public Var matmul(Var o) { return MatmulOp.matmul(this, o, false, false); }
    public Var matmul(Var o, boolean transThis, boolean transOther) { return MatmulOp.matmul(this, o, transThis, transOther); }

    // ---- views (ops/Views) -----------------------------------------------------------------

    public Var reshape(int... shape) { return Views.reshape(this, shape); }
    public Var permute(int... axes) { return Views.permute(this, axes); }
    public Var transpose(int a, int b) { return Views.transpose(this, a, b); }
    public Var narrow(int axis, int start, int length) { return Views.narrow(this, axis, start, length); }
    public Var slice(int axis, int start, int end, int step) { return Views.slice(this, axis, start, end, step); }
    public Var select(int axis, int index) { return Views.select(this, axis, index); }
    public Var expand(int... shape) { return Views.expand(this, shape); }
    public Var squeeze(int axis) { return Views.squeeze(this, axis); }
    public Var unsqueeze(int axis) { return Views.unsqueeze(this, axis); }
    public Var contiguous() { return Views.contiguous(this); }

    // ---- index and mask ops (ops/Indexing) -------------------------------------------------

    /** this [..., V], index [...] → [...]. */
    public Var gatherLast(IntTensor index) { return Indexing.gatherLast(this, index); }
    public Var cumsum(int axis) { return Indexing.cumsum(this, axis); }
    /** This value with {@code value} where mask != 0 (no gradient flows to filled positions). */
    public Var maskedFill(Tensor mask, float fill) { return Indexing.maskedFill(this, mask, fill); }

    @Override
    public String toString() {
        return "Var(" + op + ", " + Shapes.format(shape()) + (requiresGrad ? ", requiresGrad" : "") + ")";
    }
}
