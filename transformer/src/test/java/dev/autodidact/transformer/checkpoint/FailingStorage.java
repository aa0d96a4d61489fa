package dev.autodidact.transformer.checkpoint;

import dev.autodidact.tensor.Storage;

/** Storage (as a device backend would have) whose reads fail from element {@code failAt} on: a crash part-way through a write. */
final class FailingStorage implements Storage {
    private final int length, failAt;

    FailingStorage(int length, int failAt) {
        this.length = length;
        this.failAt = failAt;
    }

    @Override public int length() { return length; }

    @Override
    public float get(int index) {
        if (index >= failAt) throw new IllegalStateException("injected failure reading element " + index);
        return index;
    }

    @Override public void set(int index, float value) { throw new UnsupportedOperationException("read-only"); }

    @Override public String device() { return "test-device"; }
}
