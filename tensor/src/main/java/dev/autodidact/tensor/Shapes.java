package dev.autodidact.tensor;

import java.util.Arrays;

/** Shape arithmetic shared by every op: sizes, strides, broadcasting, axis normalisation. */
public final class Shapes {
    private Shapes() {}

    /** Number of elements of a tensor with this shape (1 for a scalar shape {@code []}). */
    public static int numel(int[] shape) {
        long n = 1;
        for (int d : shape) n *= d;
        if (n > Integer.MAX_VALUE) throw new IllegalArgumentException("shape " + format(shape) + " has " + n + " elements, more than a float[] can hold");
        return (int) n;
    }

    /** Row-major strides of a contiguous tensor with this shape. */
    public static int[] contiguousStrides(int[] shape) {
        int[] s = new int[shape.length];
        int acc = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= shape[i];
        }
        return s;
    }

    /** {@code [2, 3]} style text of a shape. */
    public static String format(int[] shape) {
        return Arrays.toString(shape);
    }

    /** Checks that every dimension is non-negative. */
    public static int[] check(String op, int[] shape) {
        for (int d : shape) {
            if (d < 0) throw new IllegalArgumentException(op + ": negative dimension in shape " + format(shape));
        }
        return shape.clone();
    }

    /** NumPy broadcasting of two shapes; names the op and both shapes when they are incompatible. */
    public static int[] broadcast(String op, int[] a, int[] b) {
        int n = Math.max(a.length, b.length);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            int da = i - (n - a.length) >= 0 ? a[i - (n - a.length)] : 1;
            int db = i - (n - b.length) >= 0 ? b[i - (n - b.length)] : 1;
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException(op + ": shapes " + format(a) + " and " + format(b)
                        + " do not broadcast (dimension " + i + ": " + da + " vs " + db + ")");
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /** Turns a possibly negative axis into an index in [0, rank); names the op when out of range. */
    public static int axis(String op, int axis, int rank) {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) throw new IndexOutOfBoundsException(op + ": axis " + axis + " is out of range for a tensor of rank " + rank);
        return a;
    }

    /** The shape with one axis removed (or set to 1 when keepDim). */
    public static int[] reduced(int[] shape, int axis, boolean keepDim) {
        if (keepDim) {
            int[] s = shape.clone();
            s[axis] = 1;
            return s;
        }
        int[] s = new int[shape.length - 1];
        for (int i = 0, j = 0; i < shape.length; i++) if (i != axis) s[j++] = shape[i];
        return s;
    }

    /** Product of dims [from, to). */
    public static int product(int[] shape, int from, int to) {
        int p = 1;
        for (int i = from; i < to; i++) p *= shape[i];
        return p;
    }
}
