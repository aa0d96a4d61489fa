package dev.autodidact.tensor.kernel;

import dev.autodidact.tensor.Shapes;
import dev.autodidact.tensor.Simd;
import dev.autodidact.tensor.Tensor;

/**
 * Elementwise ops over strided, broadcast tensors. Each row of the iteration plan goes to the
 * SIMD kernel ({@link ElementwiseSimd}) when the operands are unit-stride (or broadcast scalars)
 * along it, else to the plain loops here, which are also the reference implementation.
 */
public final class Elementwise {
    private Elementwise() {}

    public static Tensor unary(UnaryOp op, Tensor x) {
        return unary(op, x, 0, 0);
    }

    public static Tensor unary(UnaryOp op, Tensor x, float p, float q) {
        Tensor out = Tensor.uninitialized(x.shape());
        unaryInto(op, x, p, q, out);
        return out;
    }

    /** out = op(x); out must be contiguous with x's shape. */
    public static void unaryInto(UnaryOp op, Tensor x, float p, float q, Tensor out) {
        requireContiguousOut(op.name().toLowerCase(), out, x.shape());
        float[] xs = x.data(), os = out.data();
        var plan = new StridedRows(x.shape(), x, out);
        int xStride = plan.innerStride(0);
        boolean simd = Simd.enabled() && xStride == 1;
        plan.forEachRow((off, n) -> {
            if (simd) ElementwiseSimd.unary(op, p, q, xs, off[0], os, off[1], n);
            else unaryNaive(op, p, q, xs, off[0], xStride, os, off[1], n);
        });
    }

    /** Reference loop: {@code out[i] = op(x[i·stride])}. */
    public static void unaryNaive(UnaryOp op, float p, float q, float[] x, int xo, int xs, float[] out, int oo, int n) {
        for (int i = 0; i < n; i++) out[oo + i] = op.apply(x[xo + i * xs], p, q);
    }

    public static Tensor binary(BinaryOp op, Tensor a, Tensor b) {
        int[] shape = Shapes.broadcast(op.opName(), a.shape(), b.shape());
        Tensor out = Tensor.uninitialized(shape);
        binaryInto(op, a, b, out);
        return out;
    }

    /** out = a op b with broadcasting; out must be contiguous with the broadcast shape. */
    public static void binaryInto(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        int[] shape = Shapes.broadcast(op.opName(), a.shape(), b.shape());
        requireContiguousOut(op.opName(), out, shape);
        Tensor ea = a.expand(shape), eb = b.expand(shape);
        float[] as = a.data(), bs = b.data(), os = out.data();
        var plan = new StridedRows(shape, ea, eb, out);
        int sa = plan.innerStride(0), sb = plan.innerStride(1);
        boolean simd = Simd.enabled() && (sa == 0 || sa == 1) && (sb == 0 || sb == 1) && (sa | sb) == 1;
        plan.forEachRow((off, n) -> {
            if (simd) ElementwiseSimd.binary(op, as, off[0], sa, bs, off[1], sb, os, off[2], n);
            else binaryNaive(op, as, off[0], sa, bs, off[1], sb, os, off[2], n);
        });
    }

    /** Reference loop: {@code out[i] = a[i·sa] op b[i·sb]}. */
    public static void binaryNaive(BinaryOp op, float[] a, int ao, int sa, float[] b, int bo, int sb, float[] out, int oo, int n) {
        for (int i = 0; i < n; i++) out[oo + i] = op.apply(a[ao + i * sa], b[bo + i * sb]);
    }

    /** {@code mask != 0 ? a : b}, all three broadcast together. */
    public static Tensor where(Tensor mask, Tensor a, Tensor b) {
        int[] shape = Shapes.broadcast("where", Shapes.broadcast("where", mask.shape(), a.shape()), b.shape());
        Tensor out = Tensor.uninitialized(shape);
        float[] ms = mask.data(), as = a.data(), bs = b.data(), os = out.data();
        var plan = new StridedRows(shape, mask.expand(shape), a.expand(shape), b.expand(shape), out);
        int sm = plan.innerStride(0), sa = plan.innerStride(1), sb = plan.innerStride(2);
        plan.forEachRow((off, n) -> {
            for (int i = 0; i < n; i++) os[off[3] + i] = ms[off[0] + i * sm] != 0 ? as[off[1] + i * sa] : bs[off[2] + i * sb];
        });
        return out;
    }

    /** x with {@code value} where mask != 0; the mask broadcasts to x's shape, never the other way. */
    public static Tensor maskedFill(Tensor x, Tensor mask, float value) {
        int[] shape = Shapes.broadcast("maskedFill", x.shape(), mask.shape());
        if (!java.util.Arrays.equals(shape, x.shape())) {
            throw new IllegalArgumentException("maskedFill: mask of shape " + Shapes.format(mask.shape()) + " would enlarge tensor of shape " + Shapes.format(x.shape()));
        }
        return where(mask, Tensor.scalar(value), x);
    }

    /** A contiguous copy of x. */
    public static Tensor copy(Tensor x) {
        Tensor out = Tensor.uninitialized(x.shape());
        copyInto(out, x);
        return out;
    }

    /** dst[...] = src[...] (src broadcast to dst's shape); dst may be any view. */
    public static void copyInto(Tensor dst, Tensor src) {
        int[] shape = dst.shape();
        Tensor es;
        try {
            es = src.expand(shape);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("copy: source of shape " + Shapes.format(src.shape()) + " does not broadcast to destination " + Shapes.format(shape), e);
        }
        float[] ss = src.data(), ds = dst.data();
        var plan = new StridedRows(shape, es, dst);
        int s0 = plan.innerStride(0), s1 = plan.innerStride(1);
        plan.forEachRow((off, n) -> {
            if (s0 == 1 && s1 == 1) System.arraycopy(ss, off[0], ds, off[1], n);
            else for (int i = 0; i < n; i++) ds[off[1] + i * s1] = ss[off[0] + i * s0];
        });
    }

    /**
     * dst[...] += src[...] (src broadcast to dst's shape) where dst may be any view whose
     * elements do not overlap — gradient accumulation into a slice of a larger gradient.
     */
    public static void addInto(Tensor dst, Tensor src) {
        int[] shape = dst.shape();
        Tensor es;
        try {
            es = src.expand(shape);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("addInto: source of shape " + Shapes.format(src.shape()) + " does not broadcast to destination " + Shapes.format(shape), e);
        }
        float[] ss = src.data(), ds = dst.data();
        var plan = new StridedRows(shape, es, dst);
        int s0 = plan.innerStride(0), s1 = plan.innerStride(1);
        boolean simd = Simd.enabled() && s1 == 1 && (s0 == 0 || s0 == 1);
        plan.forEachRow((off, n) -> {
            // One float addition per element either way, so both paths give the same bits.
            if (simd) ElementwiseSimd.binary(BinaryOp.ADD, ds, off[1], 1, ss, off[0], s0, ds, off[1], n);
            else for (int i = 0; i < n; i++) ds[off[1] + i * s1] += ss[off[0] + i * s0];
        });
    }

    static void requireContiguousOut(String op, Tensor out, int[] shape) {
        if (!java.util.Arrays.equals(out.shape(), shape) || !out.isContiguous()) {
            throw new IllegalArgumentException(op + ": output must be contiguous with shape " + Shapes.format(shape) + ", got shape " + Shapes.format(out.shape()) + (out.isContiguous() ? "" : " (non-contiguous)"));
        }
    }
}
