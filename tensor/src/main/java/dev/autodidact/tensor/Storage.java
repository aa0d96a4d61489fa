package dev.autodidact.tensor;

/**
 * Where a tensor's elements live. Tensors address storage by a flat element index; views share
 * one storage. The CPU backend keeps a heap {@code float[]} ({@link HeapStorage}); a GPU backend
 * will implement this interface over device buffers.
 */
public interface Storage {

    /** Number of float elements this storage holds. */
    int length();

    float get(int index);

    void set(int index, float value);

    /** Backend name, e.g. {@code "cpu"}. */
    String device();
}
