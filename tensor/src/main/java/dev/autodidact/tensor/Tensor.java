package dev.autodidact.tensor;

import dev.autodidact.tensor.kernel.BinaryOp;
import dev.autodidact.tensor.kernel.Elementwise;
import dev.autodidact.tensor.kernel.IndexOps;
import dev.autodidact.tensor.kernel.Matmul;
import dev.autodidact.tensor.kernel.Norms;
import dev.autodidact.tensor.kernel.Reductions;
import dev.autodidact.tensor.kernel.Softmax;
import dev.autodidact.tensor.kernel.UnaryOp;
import dev.autodidact.tensor.random.Rng;

import java.util.Arrays;

/**
 * A float32 N-d tensor: a shape, strides and an offset over a {@link Storage}.
 *
 * <p>Views (reshape, permute, narrow, expand, squeeze, ...) share storage and copy nothing; ops
 * return new contiguous tensors. Shape vocabulary used in comments across the project: B batch,
 * T time, C channels, V vocabulary, H heads, hs head size, G group size, N samples.
 */
public final class Tensor {
    private final Storage storage;
    private final int[] shape;
    private final int[] strides;
    private final int offset;

    /** A view over {@code storage}; the caller guarantees every addressed element exists. */
    public Tensor(Storage storage, int[] shape, int[] strides, int offset) {
        if (shape.length != strides.length) throw new IllegalArgumentException("Tensor: shape " + Shapes.format(shape) + " and strides " + Arrays.toString(strides) + " differ in rank");
        this.storage = storage;
        this.shape = shape;
        this.strides = strides;
        this.offset = offset;
    }

    // ---- creation ----------------------------------------------------------------------

    /** Wraps {@code data} (no copy) as a contiguous tensor of the given shape. */
    public static Tensor of(float[] data, int... shape) {
        int[] s = Shapes.check("Tensor.of", shape);
        if (Shapes.numel(s) != data.length) throw new IllegalArgumentException("Tensor.of: " + data.length + " values do not fill shape " + Shapes.format(s));
        return new Tensor(new HeapStorage(data), s, Shapes.contiguousStrides(s), 0);
    }

    /** A 1-D tensor holding the given values. */
    public static Tensor vector(float... values) {
        return of(values.clone(), values.length);
    }

    /** A rank-0 tensor. */
    public static Tensor scalar(float value) {
        return of(new float[] {value});
    }

    /** Zeros; inside an {@link Arena} scope the array is recycled from an earlier scope. */
    public static Tensor zeros(int... shape) {
        int[] s = Shapes.check("Tensor.zeros", shape);
        return of(Arena.allocate(Shapes.numel(s)), s);
    }

    /**
     * A contiguous tensor whose values are unspecified, for an output that a kernel overwrites in
     * full: outside an {@link Arena} scope it is zeros (a new array), inside one it may hold
     * values of an earlier scope — skipping the zero-fill a recycled array would otherwise need.
     */
    public static Tensor uninitialized(int... shape) {
        int[] s = Shapes.check("Tensor.uninitialized", shape);
        return of(Arena.allocateUninitialized(Shapes.numel(s)), s);
    }

    public static Tensor ones(int... shape) {
        return full(1f, shape);
    }

    public static Tensor full(float value, int... shape) {
        int[] s = Shapes.check("Tensor.full", shape);
        float[] d = new float[Shapes.numel(s)];
        Arrays.fill(d, value);
        return of(d, s);
    }

    /** {@code [0, 1, ..., n-1]}. */
    public static Tensor arange(int n) {
        return arange(0, n, 1);
    }

    /** Values start, start+step, ... below end (above end for a negative step). */
    public static Tensor arange(float start, float end, float step) {
        if (step == 0 || !Float.isFinite(step)) throw new IllegalArgumentException("Tensor.arange: step must be finite and non-zero, got " + step);
        int n = (int) Math.max(0, Math.ceil((end - start) / (double) step));
        float[] d = new float[n];
        for (int i = 0; i < n; i++) d[i] = (float) (start + (double) i * step);
        return of(d, n);
    }

    /** Independent uniform values in [lo, hi) drawn in row-major order from {@code rng}. */
    public static Tensor uniform(Rng rng, float lo, float hi, int... shape) {
        int[] s = Shapes.check("Tensor.uniform", shape);
        float[] d = new float[Shapes.numel(s)];
        for (int i = 0; i < d.length; i++) d[i] = lo + (hi - lo) * rng.nextFloat();
        return of(d, s);
    }

    /** Independent normal values drawn in row-major order from {@code rng}. */
    public static Tensor normal(Rng rng, float mean, float std, int... shape) {
        int[] s = Shapes.check("Tensor.normal", shape);
        float[] d = new float[Shapes.numel(s)];
        for (int i = 0; i < d.length; i++) d[i] = (float) (mean + std * rng.nextGaussian());
        return of(d, s);
    }

    /** A new zero tensor with this tensor's shape. */
    public Tensor zerosLike() {
        return zeros(shape);
    }

    // ---- metadata and element access ---------------------------------------------------

    public int[] shape() { return shape.clone(); }
    public int[] strides() { return strides.clone(); }
    public int offset() { return offset; }
    public Storage storage() { return storage; }
    public int dim() { return shape.length; }
    public int numel() { return Shapes.numel(shape); }

    /** Size of one axis (negative axes count from the end). */
    public int size(int axis) {
        return shape[Shapes.axis("size", axis, shape.length)];
    }

    /** The heap array behind this tensor; kernels address it with {@link #offset()} and strides. */
    public float[] data() {
        if (storage instanceof HeapStorage h) return h.array();
        throw new IllegalStateException("tensor lives on device '" + storage.device() + "'; copy it to the CPU first");
    }

    public boolean isContiguous() {
        int expected = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] != 1 && strides[i] != expected) return false;
            expected *= shape[i];
        }
        return true;
    }

    /** Storage index of a multi-index, checking every bound. */
    private int index(String op, int[] idx) {
        if (idx.length != shape.length) throw new IllegalArgumentException(op + ": " + idx.length + " indices for a tensor of shape " + Shapes.format(shape));
        int p = offset;
        for (int i = 0; i < idx.length; i++) {
            int v = idx[i] < 0 ? idx[i] + shape[i] : idx[i];
            if (v < 0 || v >= shape[i]) throw new IndexOutOfBoundsException(op + ": index " + idx[i] + " is out of bounds for dimension " + i + " of size " + shape[i]);
            p += v * strides[i];
        }
        return p;
    }

    public float get(int... idx) { return storage.get(index("get", idx)); }
    public void set(float value, int... idx) { storage.set(index("set", idx), value); }

    /** The value of a one-element tensor. */
    public float item() {
        if (numel() != 1) throw new IllegalStateException("item: tensor of shape " + Shapes.format(shape) + " has " + numel() + " elements, not 1");
        return storage.get(offset);
    }

    /** A fresh row-major copy of the elements. */
    public float[] toArray() {
        return (isContiguous() && offset == 0 && storage.length() == numel()) ? data().clone() : copy().data();
    }

    // ---- views ---------------------------------------------------------------------------

    /** Same elements, another shape; one dimension may be -1. Fails if the strides do not allow a view. */
    public Tensor view(int... newShape) {
        int[] s = inferShape("view", newShape);
        if (isContiguous()) return new Tensor(storage, s, Shapes.contiguousStrides(s), offset);
        int[] st = viewStrides(s);
        if (st == null) throw new IllegalStateException("view: a tensor of shape " + Shapes.format(shape) + " with strides " + Arrays.toString(strides) + " cannot be viewed as " + Shapes.format(s) + "; call reshape (which copies) or contiguous() first");
        return new Tensor(storage, s, st, offset);
    }

    /** Like {@link #view} but copies when the layout does not allow a view. */
    public Tensor reshape(int... newShape) {
        int[] s = inferShape("reshape", newShape);
        if (isContiguous()) return new Tensor(storage, s, Shapes.contiguousStrides(s), offset);
        int[] st = viewStrides(s);
        return st != null ? new Tensor(storage, s, st, offset) : contiguous().view(s);
    }

    private int[] inferShape(String op, int[] newShape) {
        int[] s = newShape.clone();
        int infer = -1, known = 1;
        for (int i = 0; i < s.length; i++) {
            if (s[i] == -1) {
                if (infer >= 0) throw new IllegalArgumentException(op + ": only one dimension can be -1 in " + Shapes.format(newShape));
                infer = i;
            } else if (s[i] < 0) {
                throw new IllegalArgumentException(op + ": negative dimension in " + Shapes.format(newShape));
            } else {
                known *= s[i];
            }
        }
        int n = numel();
        if (infer >= 0) {
            if (known == 0 || n % known != 0) throw new IllegalArgumentException(op + ": cannot infer -1 in " + Shapes.format(newShape) + " for " + n + " elements of shape " + Shapes.format(shape));
            s[infer] = n / known;
        }
        if (Shapes.numel(s) != n) throw new IllegalArgumentException(op + ": shape " + Shapes.format(shape) + " (" + n + " elements) cannot become " + Shapes.format(newShape));
        return s;
    }

    /**
     * Strides for viewing this tensor with shape {@code s}, or null when impossible. Walks the old
     * axes from the last, grouping runs that are contiguous among themselves ("chunks"); the new
     * axes must tile each chunk exactly, and get strides within that chunk.
     */
    private int[] viewStrides(int[] s) {
        int[] out = new int[s.length];
        if (shape.length == 0 || numel() == 0) return Shapes.contiguousStrides(s);
        int viewD = s.length - 1;
        long chunkBase = strides[shape.length - 1];
        long tensorNumel = 1, viewNumel = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            tensorNumel *= shape[d];
            boolean chunkEnds = d == 0 || (shape[d - 1] != 1 && strides[d - 1] != tensorNumel * chunkBase);
            if (!chunkEnds) continue;
            while (viewD >= 0 && (viewNumel < tensorNumel || s[viewD] == 1)) {
                out[viewD] = (int) (viewNumel * chunkBase);
                viewNumel *= s[viewD];
                viewD--;
            }
            if (viewNumel != tensorNumel) return null;
            if (d > 0) {
                chunkBase = strides[d - 1];
                tensorNumel = 1;
                viewNumel = 1;
            }
        }
        return viewD == -1 ? out : null;
    }

    /** Reorders the axes: {@code permute(0, 2, 1)} swaps the last two of three. */
    public Tensor permute(int... axes) {
        if (axes.length != shape.length) throw new IllegalArgumentException("permute: " + Arrays.toString(axes) + " does not name each of the " + shape.length + " axes of " + Shapes.format(shape));
        int[] s = new int[axes.length], st = new int[axes.length];
        boolean[] seen = new boolean[axes.length];
        for (int i = 0; i < axes.length; i++) {
            int a = Shapes.axis("permute", axes[i], shape.length);
            if (seen[a]) throw new IllegalArgumentException("permute: axis " + a + " appears twice in " + Arrays.toString(axes));
            seen[a] = true;
            s[i] = shape[a];
            st[i] = strides[a];
        }
        return new Tensor(storage, s, st, offset);
    }

    public Tensor transpose(int axis0, int axis1) {
        int a = Shapes.axis("transpose", axis0, shape.length), b = Shapes.axis("transpose", axis1, shape.length);
        int[] perm = new int[shape.length];
        for (int i = 0; i < perm.length; i++) perm[i] = i;
        perm[a] = b;
        perm[b] = a;
        return permute(perm);
    }

    /** The elements {@code start .. start+length-1} along one axis. */
    public Tensor narrow(int axis, int start, int length) {
        int a = Shapes.axis("narrow", axis, shape.length);
        if (start < 0 || length < 0 || start + length > shape[a]) throw new IndexOutOfBoundsException("narrow: range [" + start + ", " + (start + length) + ") is out of bounds for axis " + a + " of size " + shape[a] + " in " + Shapes.format(shape));
        int[] s = shape.clone();
        s[a] = length;
        return new Tensor(storage, s, strides.clone(), offset + start * strides[a]);
    }

    /** Python-style slice {@code [start:end:step]} along one axis (step > 0). */
    public Tensor slice(int axis, int start, int end, int step) {
        int a = Shapes.axis("slice", axis, shape.length);
        if (step <= 0) throw new IllegalArgumentException("slice: step must be positive, got " + step);
        int n = shape[a];
        int lo = Math.clamp(start < 0 ? start + n : start, 0, n), hi = Math.clamp(end < 0 ? end + n : end, 0, n);
        int len = hi > lo ? (hi - lo + step - 1) / step : 0;
        int[] s = shape.clone(), st = strides.clone();
        s[a] = len;
        st[a] = strides[a] * step;
        return new Tensor(storage, s, st, offset + lo * strides[a]);
    }

    /** The sub-tensor at {@code index} along one axis, with that axis removed. */
    public Tensor select(int axis, int index) {
        int a = Shapes.axis("select", axis, shape.length);
        int i = index < 0 ? index + shape[a] : index;
        if (i < 0 || i >= shape[a]) throw new IndexOutOfBoundsException("select: index " + index + " is out of bounds for axis " + a + " of size " + shape[a]);
        return narrow(a, i, 1).squeeze(a);
    }

    /** Broadcasts size-1 axes (and new leading axes) to {@code newShape} with stride 0. */
    public Tensor expand(int... newShape) {
        if (newShape.length < shape.length) throw new IllegalArgumentException("expand: cannot expand " + Shapes.format(shape) + " to fewer dimensions " + Shapes.format(newShape));
        int lead = newShape.length - shape.length;
        int[] s = newShape.clone(), st = new int[newShape.length];
        for (int i = 0; i < newShape.length; i++) {
            if (i < lead) { st[i] = 0; continue; }
            int d = shape[i - lead];
            if (s[i] == -1) s[i] = d;
            if (d == s[i]) st[i] = strides[i - lead];
            else if (d == 1) st[i] = 0;
            else throw new IllegalArgumentException("expand: cannot expand " + Shapes.format(shape) + " to " + Shapes.format(newShape) + " (dimension " + i + ": " + d + " is not 1)");
        }
        return new Tensor(storage, s, st, offset);
    }

    /** Removes an axis of size 1. */
    public Tensor squeeze(int axis) {
        int a = Shapes.axis("squeeze", axis, shape.length);
        if (shape[a] != 1) throw new IllegalArgumentException("squeeze: axis " + a + " of " + Shapes.format(shape) + " has size " + shape[a] + ", not 1");
        int[] s = new int[shape.length - 1], st = new int[shape.length - 1];
        for (int i = 0, j = 0; i < shape.length; i++) if (i != a) { s[j] = shape[i]; st[j++] = strides[i]; }
        return new Tensor(storage, s, st, offset);
    }

    /** Inserts an axis of size 1 at position {@code axis} (0..rank). */
    public Tensor unsqueeze(int axis) {
        int a = axis < 0 ? axis + shape.length + 1 : axis;
        if (a < 0 || a > shape.length) throw new IndexOutOfBoundsException("unsqueeze: axis " + axis + " is out of range for rank " + shape.length);
        int[] s = new int[shape.length + 1], st = new int[shape.length + 1];
        for (int i = 0, j = 0; i < s.length; i++) {
            if (i == a) { s[i] = 1; st[i] = a < shape.length ? strides[a] * shape[a] : 1; }
            else { s[i] = shape[j]; st[i] = strides[j++]; }
        }
        return new Tensor(storage, s, st, offset);
    }

    /** This tensor if already contiguous, else a contiguous copy. */
    public Tensor contiguous() {
        return isContiguous() ? this : copy();
    }

    /** A new contiguous tensor with the same values. */
    public Tensor copy() {
        return Elementwise.copy(this);
    }

    /** Writes {@code src} (broadcast to this shape) into this tensor's elements. */
    public Tensor copyFrom(Tensor src) {
        Elementwise.copyInto(this, src);
        return this;
    }

    // ---- elementwise ---------------------------------------------------------------------

    public Tensor neg() { return Elementwise.unary(UnaryOp.NEG, this); }
    public Tensor abs() { return Elementwise.unary(UnaryOp.ABS, this); }
    public Tensor exp() { return Elementwise.unary(UnaryOp.EXP, this); }
    public Tensor log() { return Elementwise.unary(UnaryOp.LOG, this); }
    public Tensor sqrt() { return Elementwise.unary(UnaryOp.SQRT, this); }
    public Tensor rsqrt() { return Elementwise.unary(UnaryOp.RSQRT, this); }
    public Tensor square() { return Elementwise.unary(UnaryOp.SQUARE, this); }
    public Tensor tanh() { return Elementwise.unary(UnaryOp.TANH, this); }
    public Tensor sigmoid() { return Elementwise.unary(UnaryOp.SIGMOID, this); }
    public Tensor relu() { return Elementwise.unary(UnaryOp.RELU, this); }
    /** GELU with the tanh approximation (GPT-2). */
    public Tensor gelu() { return Elementwise.unary(UnaryOp.GELU_TANH, this); }
    /** GELU with the exact erf form. */
    public Tensor geluErf() { return Elementwise.unary(UnaryOp.GELU_ERF, this); }
    public Tensor silu() { return Elementwise.unary(UnaryOp.SILU, this); }
    public Tensor pow(float exponent) { return Elementwise.unary(UnaryOp.POW, this, exponent, 0); }
    public Tensor clamp(float lo, float hi) {
        if (lo > hi) throw new IllegalArgumentException("clamp: lower bound " + lo + " exceeds upper bound " + hi);
        return Elementwise.unary(UnaryOp.CLAMP, this, lo, hi);
    }

    public Tensor add(Tensor o) { return Elementwise.binary(BinaryOp.ADD, this, o); }
    public Tensor sub(Tensor o) { return Elementwise.binary(BinaryOp.SUB, this, o); }
    public Tensor mul(Tensor o) { return Elementwise.binary(BinaryOp.MUL, this, o); }
    public Tensor div(Tensor o) { return Elementwise.binary(BinaryOp.DIV, this, o); }
    public Tensor maximum(Tensor o) { return Elementwise.binary(BinaryOp.MAX, this, o); }
    public Tensor minimum(Tensor o) { return Elementwise.binary(BinaryOp.MIN, this, o); }
    public Tensor add(float s) { return Elementwise.binary(BinaryOp.ADD, this, scalar(s)); }
    public Tensor sub(float s) { return Elementwise.binary(BinaryOp.SUB, this, scalar(s)); }
    public Tensor mul(float s) { return Elementwise.binary(BinaryOp.MUL, this, scalar(s)); }
    public Tensor div(float s) { return Elementwise.binary(BinaryOp.DIV, this, scalar(s)); }
    public Tensor maximum(float s) { return Elementwise.binary(BinaryOp.MAX, this, scalar(s)); }
    public Tensor minimum(float s) { return Elementwise.binary(BinaryOp.MIN, this, scalar(s)); }

    /** Mask (1 where true, 0 where false) of {@code this == o}, broadcasting. */
    public Tensor eq(Tensor o) { return Elementwise.binary(BinaryOp.EQ, this, o); }
    public Tensor ne(Tensor o) { return Elementwise.binary(BinaryOp.NE, this, o); }
    public Tensor lt(Tensor o) { return Elementwise.binary(BinaryOp.LT, this, o); }
    public Tensor le(Tensor o) { return Elementwise.binary(BinaryOp.LE, this, o); }
    public Tensor gt(Tensor o) { return Elementwise.binary(BinaryOp.GT, this, o); }
    public Tensor ge(Tensor o) { return Elementwise.binary(BinaryOp.GE, this, o); }
    public Tensor eq(float s) { return eq(scalar(s)); }
    public Tensor lt(float s) { return lt(scalar(s)); }
    public Tensor gt(float s) { return gt(scalar(s)); }

    /** Elementwise {@code mask != 0 ? a : b}, broadcasting all three. */
    public static Tensor where(Tensor mask, Tensor a, Tensor b) { return Elementwise.where(mask, a, b); }

    /** This tensor with {@code value} wherever {@code mask != 0} (mask broadcasts to this shape). */
    public Tensor maskedFill(Tensor mask, float value) { return Elementwise.maskedFill(this, mask, value); }

    // ---- reductions ----------------------------------------------------------------------

    public Tensor sum(int axis, boolean keepDim) { return Reductions.sum(this, axis, keepDim); }
    public Tensor mean(int axis, boolean keepDim) { return Reductions.mean(this, axis, keepDim); }
    public Tensor max(int axis, boolean keepDim) { return Reductions.max(this, axis, keepDim); }
    public Tensor min(int axis, boolean keepDim) { return Reductions.min(this, axis, keepDim); }
    /** Variance with {@code correction} degrees of freedom removed (0: population, 1: sample). */
    public Tensor var(int axis, boolean keepDim, int correction) { return Reductions.var(this, axis, keepDim, correction); }
    public Tensor logsumexp(int axis, boolean keepDim) { return Reductions.logsumexp(this, axis, keepDim); }
    /** Index of the largest value along an axis (first one on ties). */
    public IntTensor argmax(int axis, boolean keepDim) { return Reductions.argmax(this, axis, keepDim); }
    /** Sum of all elements, as a scalar tensor. */
    public Tensor sum() { return reshape(-1).sum(0, false); }
    public Tensor mean() { return reshape(-1).mean(0, false); }

    // ---- softmax, norms, matmul ----------------------------------------------------------

    public Tensor softmax() { return Softmax.softmax(this); }
    public Tensor logSoftmax() { return Softmax.logSoftmax(this); }

    /** Layer norm over the last axis; weight and bias are [C]. Returns the statistics backward needs. */
    public Norms.LayerNormResult layerNorm(Tensor weight, Tensor bias, float eps) { return Norms.layerNorm(this, weight, bias, eps); }

    /** RMS norm over the last axis with weight [C]. */
    public Norms.RmsNormResult rmsNorm(Tensor weight, float eps) { return Norms.rmsNorm(this, weight, eps); }

    public Tensor matmul(Tensor other) { return Matmul.matmul(this, other, false, false); }

    /** op(this)·op(other) where op transposes the last two axes when its flag is set. */
    public Tensor matmul(Tensor other, boolean transThis, boolean transOther) { return Matmul.matmul(this, other, transThis, transOther); }

    // ---- index ops ----------------------------------------------------------------------

    /** Values at {@code index} along the last axis: this [..., V], index [...] gives [...]. */
    public Tensor gatherLast(IntTensor index) { return IndexOps.gatherLast(this, index); }

    public Tensor cumsum(int axis) { return IndexOps.cumsum(this, axis); }

    public IndexOps.TopK topK(int k) { return IndexOps.topK(this, k); }

    @Override
    public String toString() {
        return TensorFormat.format(this);
    }
}
