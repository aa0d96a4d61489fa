package dev.autodidact.tensor;

import java.util.Arrays;

/**
 * A contiguous N-d array of ints: token ids, indices chosen by argmax / top-k / sampling.
 * Kept deliberately small — ids are produced and consumed whole, never viewed.
 */
public record IntTensor(int[] data, int[] shape) {

    public IntTensor {
        shape = Shapes.check("IntTensor", shape);
        if (Shapes.numel(shape) != data.length) {
            throw new IllegalArgumentException("IntTensor: " + data.length + " values do not fill shape " + Shapes.format(shape));
        }
    }

    /** Wraps ids with the given shape (no copy). */
    public static IntTensor of(int[] data, int... shape) {
        return new IntTensor(data, shape);
    }

    /** A 1-D tensor of the given ids. */
    public static IntTensor vector(int... data) {
        return new IntTensor(data, new int[] {data.length});
    }

    public int numel() {
        return data.length;
    }

    public int dim() {
        return shape.length;
    }

    /** Element at a multi-index (for tests and small inputs). */
    public int get(int... index) {
        if (index.length != shape.length) throw new IllegalArgumentException("IntTensor.get: " + index.length + " indices for shape " + Shapes.format(shape));
        int flat = 0;
        for (int i = 0; i < index.length; i++) {
            if (index[i] < 0 || index[i] >= shape[i]) throw new IndexOutOfBoundsException("IntTensor.get: index " + index[i] + " out of bounds for dimension " + i + " of size " + shape[i]);
            flat = flat * shape[i] + index[i];
        }
        return data[flat];
    }

    /** Same ids with another shape of the same size. */
    public IntTensor reshape(int... newShape) {
        return new IntTensor(data, newShape);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IntTensor t && Arrays.equals(data, t.data) && Arrays.equals(shape, t.shape);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(data) + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return "IntTensor" + Shapes.format(shape) + (data.length <= 64 ? " " + Arrays.toString(data) : "");
    }
}
