package dev.autodidact.autograd.nn;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.autodidact.tensor.Tensor;

/**
 * A snapshot of module or optimizer state: named tensors (parameters, moments) and named integer
 * counters (step counts, dropout call counts). Restoring a snapshot continues a run bit-identically.
 * The tensors are copies, so later training does not change a saved snapshot.
 */
public record State(Map<String, Tensor> tensors, Map<String, Long> counters) {

    public State {
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        counters = Collections.unmodifiableMap(new LinkedHashMap<>(counters));
    }

    /** The tensor stored under {@code key}; names the key and the available ones when absent. */
    public Tensor tensor(String key) {
        Tensor t = tensors.get(key);
        if (t == null) throw new IllegalArgumentException("State: no tensor named '" + key + "' (have " + tensors.keySet() + ")");
        return t;
    }

    public long counter(String key) {
        Long v = counters.get(key);
        if (v == null) throw new IllegalArgumentException("State: no counter named '" + key + "' (have " + counters.keySet() + ")");
        return v;
    }
}
