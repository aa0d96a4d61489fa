package dev.autodidact.tensor;

/**
 * Storage on the Java heap. Kernels read and write {@link #array()} directly: a plain
 * {@code float[]} measured as fast as an off-heap segment for our kernels (see the module README)
 * and needs no explicit freeing.
 */
public final class HeapStorage implements Storage {
    private final float[] data;

    public HeapStorage(float[] data) {
        this.data = data;
    }

    public HeapStorage(int length) {
        this(new float[length]);
    }

    /** The backing array; shared, not copied. */
    public float[] array() {
        return data;
    }

    @Override public int length() { return data.length; }
    @Override public float get(int index) { return data[index]; }
    @Override public void set(int index, float value) { data[index] = value; }
    @Override public String device() { return "cpu"; }
}
