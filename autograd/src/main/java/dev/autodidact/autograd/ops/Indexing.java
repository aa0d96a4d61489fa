package dev.autodidact.autograd.ops;

import dev.autodidact.autograd.Var;
import dev.autodidact.tensor.IntTensor;
import dev.autodidact.tensor.Tensor;
import dev.autodidact.tensor.kernel.IndexOps;

import java.util.Arrays;

/**
 * Ops that move values by index or mask: embedding (backward: scatter-add of rows), gather
 * along the last axis (backward: scatter), cumulative sum (backward: reverse cumulative sum),
 * concat / stack / split, and the masked selections where / maskedFill.
 */
public final class Indexing {
    private Indexing() {}

    /** Rows of table [V, C] picked by ids [...] → [..., C]; rows used twice get both gradients. */
    public static Var embedding(Var table, IntTensor ids) {
        Tensor out = IndexOps.embedding(table.value(), ids);
        return Var.op("embedding", out, g -> {
            Tensor sink = table.gradSink();  // a parameter: add the rows straight into its gradient
            if (sink != null) {
                IndexOps.scatterAddRows(sink, ids, g);
                return;
            }
            Tensor dTable = Tensor.zeros(table.shape());  // [V, C]
            IndexOps.scatterAddRows(dTable, ids, g);
            table.accumulate(dTable);
        }, table);
    }

    /**
     * base [V, C] with row ids[i] of src [..., C] added for every i (repeats add up): the
     * differentiable scatter-add. d base = g; d src = the rows of g picked by ids.
     */
    public static Var scatterAddRows(Var base, IntTensor ids, Var src) {
        Tensor out = base.value().copy();
        IndexOps.scatterAddRows(out, ids, src.value());
        int[] srcShape = src.shape();
        return Var.op("scatterAddRows", out, g -> {
            if (base.requiresGrad()) base.accumulate(g);
            if (src.requiresGrad()) src.accumulate(IndexOps.embedding(g, ids).reshape(srcShape));
        }, base, src);
    }

    /** x [..., V] at index [...] → [...]. */
    public static Var gatherLast(Var x, IntTensor index) {
        int[] shape = x.shape();
        return Var.op("gatherLast", x.value().gatherLast(index), g -> x.accumulate(IndexOps.scatterLast(shape, index, g.contiguous())), x);
    }

    /** Inclusive running sum; dx_i = Σ_{j ≥ i} g_j = total − cumsum(g)_i + g_i. */
    public static Var cumsum(Var x, int axis) {
        return Var.op("cumsum", x.value().cumsum(axis), g -> {
            Tensor total = g.sum(axis, true);
            x.accumulate(total.sub(g.cumsum(axis)).add(g));
        }, x);
    }

    /** Joins along an existing axis; each input receives its slice of the gradient. */
    public static Var concat(int axis, Var... parts) {
        Tensor[] values = new Tensor[parts.length];
        for (int i = 0; i < parts.length; i++) values[i] = parts[i].value();
        Tensor out = IndexOps.concat(axis, values);
        int a = axis < 0 ? axis + out.dim() : axis;
        return Var.op("concat", out, g -> {
            int at = 0;
            for (Var p : parts) {
                int len = p.size(a);
                if (p.requiresGrad()) p.accumulate(g.narrow(a, at, len));
                at += len;
            }
        }, parts);
    }

    /** Joins same-shape values along a new axis. */
    public static Var stack(int axis, Var... parts) {
        Var[] u = new Var[parts.length];
        for (int i = 0; i < parts.length; i++) {
            if (!Arrays.equals(parts[i].shape(), parts[0].shape())) {
                throw new IllegalArgumentException("stack: value " + i + " has shape " + Arrays.toString(parts[i].shape()) + ", value 0 has " + Arrays.toString(parts[0].shape()));
            }
            u[i] = parts[i].unsqueeze(axis);
        }
        return concat(axis, u);
    }

    /** Consecutive pieces of the given sizes along an axis (views). */
    public static Var[] split(Var x, int axis, int... sizes) {
        IndexOps.split(x.value(), axis, sizes);  // validates the sizes
        Var[] out = new Var[sizes.length];
        int at = 0;
        for (int i = 0; i < sizes.length; i++) {
            out[i] = x.narrow(axis, at, sizes[i]);
            at += sizes[i];
        }
        return out;
    }

    /** mask != 0 ? a : b, all broadcasting; each branch receives the gradient where it was chosen. */
    public static Var where(Tensor mask, Var a, Var b) {
        Tensor out = Tensor.where(mask, a.value(), b.value());
        return Var.op("where", out, g -> {
            Tensor zero = Tensor.scalar(0f);
            if (a.requiresGrad()) a.accumulate(Broadcast.sumToShape(Tensor.where(mask, g, zero), a.shape()));
            if (b.requiresGrad()) b.accumulate(Broadcast.sumToShape(Tensor.where(mask, zero, g), b.shape()));
        }, a, b);
    }

    /** x with {@code fill} where mask != 0; filled positions pass no gradient. */
    public static Var maskedFill(Var x, Tensor mask, float fill) {
        return Var.op("maskedFill", x.value().maskedFill(mask, fill), g -> x.accumulate(g.maskedFill(mask, 0f)), x);
    }
}
