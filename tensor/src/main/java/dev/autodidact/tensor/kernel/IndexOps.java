package dev.autodidact.tensor.kernel;

import dev.autodidact.tensor.IntTensor;
import dev.autodidact.tensor.Parallel;
import dev.autodidact.tensor.Shapes;
import dev.autodidact.tensor.Tensor;

import java.util.Arrays;

/**
 * Ops that move values by index: embedding gather and its scatter-add backward, gather and
 * scatter along the last axis (log-probabilities of chosen tokens), one-hot, top-k, cumulative
 * sum, concat / stack / split. Every index is bounds-checked with a message naming it.
 */
public final class IndexOps {
    private IndexOps() {}

    /** Values and indices of the k largest entries along the last axis, largest first. */
    public record TopK(Tensor values, IntTensor indices) {}

    /** Rows of {@code table} [V, C] picked by {@code ids} [...]: result [..., C]. */
    public static Tensor embedding(Tensor table, IntTensor ids) {
        if (table.dim() != 2) throw new IllegalArgumentException("embedding: table must be [V, C], got " + Shapes.format(table.shape()));
        int v = table.size(0), c = table.size(1);
        int[] outShape = Arrays.copyOf(ids.shape(), ids.dim() + 1);
        outShape[ids.dim()] = c;
        Tensor out = Tensor.zeros(outShape);
        Tensor t = table.contiguous();
        float[] src = t.data(), dst = out.data();
        int[] id = ids.data();
        for (int i = 0; i < id.length; i++) checkIndex("embedding", id[i], v, i);
        Parallel.forRange(id.length, Math.max(1, 16384 / Math.max(1, c)), (lo, hi) -> {
            for (int i = lo; i < hi; i++) System.arraycopy(src, t.offset() + id[i] * c, dst, i * c, c);
        });
        return out;
    }

    /**
     * target[ids[i], :] += src[i, :] for every i — the backward of {@link #embedding}. Rows with
     * the same id are added in index order; threads split the C columns, so the result is
     * identical for any thread count. target must be contiguous [V, C]; src is [..., C].
     */
    public static void scatterAddRows(Tensor target, IntTensor ids, Tensor src) {
        if (target.dim() != 2 || !target.isContiguous()) throw new IllegalArgumentException("scatterAddRows: target must be a contiguous [V, C], got " + Shapes.format(target.shape()));
        int v = target.size(0), c = target.size(1);
        if (src.numel() != ids.numel() * c || src.size(-1) != c) {
            throw new IllegalArgumentException("scatterAddRows: src " + Shapes.format(src.shape()) + " does not hold one row of " + c + " per id of " + Shapes.format(ids.shape()));
        }
        Tensor s = src.contiguous();
        float[] sd = s.data(), td = target.data();
        int so = s.offset(), to = target.offset();
        int[] id = ids.data();
        for (int i = 0; i < id.length; i++) checkIndex("scatterAddRows", id[i], v, i);
        Parallel.forRange(c, 64, (lo, hi) -> {
            for (int i = 0; i < id.length; i++) {
                int dst = to + id[i] * c, from = so + i * c;
                for (int j = lo; j < hi; j++) td[dst + j] += sd[from + j];
            }
        });
    }

    /** x [..., V], index [...] → x[..., index] of shape [...]. */
    public static Tensor gatherLast(Tensor x, IntTensor index) {
        int v = checkLastAxis("gatherLast", x, index);
        Tensor c = x.contiguous();
        float[] d = c.data();
        int[] idx = index.data();
        float[] out = new float[idx.length];
        for (int i = 0; i < idx.length; i++) {
            checkIndex("gatherLast", idx[i], v, i);
            out[i] = d[c.offset() + i * v + idx[i]];
        }
        return Tensor.of(out, index.shape());
    }

    /** The backward of {@link #gatherLast}: zeros [..., V] with {@code values} at the indexed positions (added on repeats). */
    public static Tensor scatterLast(int[] shape, IntTensor index, Tensor values) {
        Tensor out = Tensor.zeros(shape);
        int v = checkLastAxis("scatterLast", out, index);
        if (!Arrays.equals(values.shape(), index.shape())) {
            throw new IllegalArgumentException("scatterLast: values " + Shapes.format(values.shape()) + " must match index " + Shapes.format(index.shape()));
        }
        float[] o = out.data(), val = values.contiguous().toArray();
        int[] idx = index.data();
        for (int i = 0; i < idx.length; i++) {
            checkIndex("scatterLast", idx[i], v, i);
            o[i * v + idx[i]] += val[i];
        }
        return out;
    }

    /** ids [...] → [..., classes] with a 1 at each id. */
    public static Tensor oneHot(IntTensor ids, int classes) {
        int[] shape = Arrays.copyOf(ids.shape(), ids.dim() + 1);
        shape[ids.dim()] = classes;
        Tensor out = Tensor.zeros(shape);
        float[] o = out.data();
        int[] id = ids.data();
        for (int i = 0; i < id.length; i++) {
            checkIndex("oneHot", id[i], classes, i);
            o[i * classes + id[i]] = 1f;
        }
        return out;
    }

    /** The k largest values along the last axis, sorted descending; ties keep the lower index first. */
    public static TopK topK(Tensor x, int k) {
        if (x.dim() == 0) throw new IllegalArgumentException("topK: needs at least one axis, got a scalar");
        int v = x.size(-1);
        if (k < 0 || k > v) throw new IllegalArgumentException("topK: k = " + k + " is outside [0, " + v + "] for shape " + Shapes.format(x.shape()));
        int[] shape = x.shape();
        shape[shape.length - 1] = k;
        Tensor c = x.contiguous();
        float[] d = c.data();
        int rows = v == 0 ? 0 : x.numel() / v;
        float[] vals = new float[rows * k];
        int[] idx = new int[rows * k];
        Parallel.forRange(rows, Math.max(1, 4096 / Math.max(1, v)), (lo, hi) -> {
            for (int r = lo; r < hi; r++) topKRow(d, c.offset() + r * v, v, k, vals, idx, r * k);
        });
        return new TopK(Tensor.of(vals, shape), IntTensor.of(idx, shape));
    }

    /** Keeps a sorted buffer of the best k; O(v·k) worst case, O(v) for the small k samplers use. */
    private static void topKRow(float[] d, int p, int v, int k, float[] vals, int[] idx, int o) {
        int filled = 0;
        for (int i = 0; i < v; i++) {
            float x = d[p + i];
            if (filled == k && !(greater(x, vals[o + k - 1]))) continue;
            int pos = filled < k ? filled++ : k - 1;
            while (pos > 0 && greater(x, vals[o + pos - 1])) {
                vals[o + pos] = vals[o + pos - 1];
                idx[o + pos] = idx[o + pos - 1];
                pos--;
            }
            vals[o + pos] = x;
            idx[o + pos] = i;
        }
    }

    /** Strict order used by top-k: NaN ranks above every number. */
    private static boolean greater(float a, float b) {
        if (a != a) return b == b;
        return a > b;
    }

    /** Running sum along an axis (inclusive). */
    public static Tensor cumsum(Tensor x, int axis) {
        int a = Shapes.axis("cumsum", axis, x.dim());
        int[] shape = x.shape();
        int r = shape[a], outer = Shapes.product(shape, 0, a), inner = Shapes.product(shape, a + 1, shape.length);
        Tensor out = x.copy();
        float[] o = out.data();
        Parallel.forRange(outer, Math.max(1, 16384 / Math.max(1, r * inner)), (lo, hi) -> {
            for (int ob = lo; ob < hi; ob++) {
                int base = ob * r * inner;
                for (int k = 1; k < r; k++) {
                    int cur = base + k * inner, prev = cur - inner;
                    for (int i = 0; i < inner; i++) o[cur + i] += o[prev + i];
                }
            }
        });
        return out;
    }

    /** Joins tensors along an existing axis; all other axes must agree. */
    public static Tensor concat(int axis, Tensor... parts) {
        if (parts.length == 0) throw new IllegalArgumentException("concat: no tensors given");
        int a = Shapes.axis("concat", axis, parts[0].dim());
        int[] shape = parts[0].shape();
        int total = 0;
        for (int i = 0; i < parts.length; i++) {
            int[] s = parts[i].shape();
            boolean ok = s.length == shape.length;
            for (int d = 0; ok && d < s.length; d++) ok = d == a || s[d] == shape[d];
            if (!ok) throw new IllegalArgumentException("concat: tensor " + i + " has shape " + Shapes.format(s) + ", incompatible with " + Shapes.format(shape) + " along axis " + a);
            total += s[a];
        }
        shape[a] = total;
        Tensor out = Tensor.zeros(shape);
        int at = 0;
        for (Tensor p : parts) {
            int len = p.size(a);
            out.narrow(a, at, len).copyFrom(p);
            at += len;
        }
        return out;
    }

    /** Joins same-shape tensors along a new axis. */
    public static Tensor stack(int axis, Tensor... parts) {
        if (parts.length == 0) throw new IllegalArgumentException("stack: no tensors given");
        Tensor[] u = new Tensor[parts.length];
        for (int i = 0; i < parts.length; i++) {
            if (!Arrays.equals(parts[i].shape(), parts[0].shape())) {
                throw new IllegalArgumentException("stack: tensor " + i + " has shape " + Shapes.format(parts[i].shape()) + ", tensor 0 has " + Shapes.format(parts[0].shape()));
            }
            u[i] = parts[i].unsqueeze(axis);
        }
        return concat(axis, u);
    }

    /** Views of consecutive pieces of the given sizes along an axis (sizes must add up to it). */
    public static Tensor[] split(Tensor x, int axis, int... sizes) {
        int a = Shapes.axis("split", axis, x.dim());
        int sum = 0;
        for (int s : sizes) sum += s;
        if (sum != x.size(a)) throw new IllegalArgumentException("split: sizes " + Arrays.toString(sizes) + " add up to " + sum + ", axis " + a + " of " + Shapes.format(x.shape()) + " has " + x.size(a));
        Tensor[] out = new Tensor[sizes.length];
        int at = 0;
        for (int i = 0; i < sizes.length; i++) {
            out[i] = x.narrow(a, at, sizes[i]);
            at += sizes[i];
        }
        return out;
    }

    private static int checkLastAxis(String op, Tensor x, IntTensor index) {
        int[] xs = x.shape();
        if (xs.length != index.dim() + 1 || !Arrays.equals(Arrays.copyOf(xs, xs.length - 1), index.shape())) {
            throw new IllegalArgumentException(op + ": index of shape " + Shapes.format(index.shape()) + " does not match " + Shapes.format(xs) + " without its last axis");
        }
        return xs[xs.length - 1];
    }

    private static void checkIndex(String op, int id, int bound, int position) {
        if (id < 0 || id >= bound) throw new IndexOutOfBoundsException(op + ": index " + id + " at position " + position + " is out of bounds for size " + bound);
    }
}
