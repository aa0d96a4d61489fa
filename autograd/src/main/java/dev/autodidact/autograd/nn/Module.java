package dev.autodidact.autograd.nn;

import dev.autodidact.tensor.Arena;
import dev.autodidact.tensor.Shapes;
import dev.autodidact.tensor.Tensor;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Base of every trainable component: owns named {@link Parameter}s and named child modules,
 * and a train/eval mode that children share. Full parameter names are dotted paths
 * ({@code "blocks.0.attn.weight"}) in registration order — the names checkpoints store.
 */
public abstract class Module {
    private final Map<String, Parameter> params = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private boolean training = true;

    /** Registers a parameter under {@code name}; subclasses call this from their constructor. */
    protected final Parameter parameter(String name, Parameter.Role role, Tensor value) {
        checkName(name);
        Parameter p = new Parameter(name, role, value);
        params.put(name, p);
        return p;
    }

    /** Registers a child module under {@code name}. */
    protected final <M extends Module> M child(String name, M module) {
        checkName(name);
        children.put(name, module);
        ((Module) module).setTraining(training);
        return module;
    }

    private void checkName(String name) {
        if (name.isEmpty() || name.contains(".")) throw new IllegalArgumentException(getClass().getSimpleName() + ": name '" + name + "' must be non-empty and contain no '.'");
        if (params.containsKey(name) || children.containsKey(name)) throw new IllegalArgumentException(getClass().getSimpleName() + ": name '" + name + "' is registered twice");
    }

    /** Every parameter of this module and its children, by full dotted name, in registration order. */
    public final Map<String, Parameter> namedParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        collect("", out);
        return out;
    }

    private void collect(String prefix, Map<String, Parameter> out) {
        for (var e : params.entrySet()) out.put(prefix + e.getKey(), e.getValue());
        for (var e : children.entrySet()) e.getValue().collect(prefix + e.getKey() + ".", out);
    }

    public final List<Parameter> parameters() {
        return List.copyOf(namedParameters().values());
    }

    /** Total number of trainable scalars. */
    public final long parameterCount() {
        long n = 0;
        for (Parameter p : namedParameters().values()) n += p.numel();
        return n;
    }

    public final Map<String, Module> children() {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(children));
    }

    public final boolean isTraining() {
        return training;
    }

    /** Training mode (dropout active); applies to every child. */
    public final Module train() {
        setTraining(true);
        return this;
    }

    /** Evaluation mode (dropout off); applies to every child. */
    public final Module eval() {
        setTraining(false);
        return this;
    }

    private void setTraining(boolean on) {
        training = on;
        for (Module m : children.values()) m.setTraining(on);
    }

    public final void zeroGrad() {
        for (Parameter p : namedParameters().values()) p.zeroGrad();
    }

    /** Copies of every parameter and every counter of this module tree. */
    public final State state() {
        Map<String, Tensor> t = new LinkedHashMap<>();
        try (var o = Arena.outside()) {  // a snapshot outlives any training step
            for (var e : namedParameters().entrySet()) t.put(e.getKey(), e.getValue().value().copy());
        }
        Map<String, Long> c = new LinkedHashMap<>();
        collectCounters("", c);
        return new State(t, c);
    }

    private void collectCounters(String prefix, Map<String, Long> out) {
        for (var e : counters().entrySet()) out.put(prefix + e.getKey(), e.getValue());
        for (var e : children.entrySet()) e.getValue().collectCounters(prefix + e.getKey() + ".", out);
    }

    /**
     * Restores a {@link #state()} snapshot exactly. Every parameter must be present with its
     * shape, and no unknown names may appear: a checkpoint of another architecture is refused.
     */
    public final void load(State state) {
        Map<String, Parameter> named = namedParameters();
        Set<String> unexpected = new LinkedHashSet<>(state.tensors().keySet());
        unexpected.removeAll(named.keySet());
        if (!unexpected.isEmpty()) throw new IllegalArgumentException("load: state has tensors this module lacks: " + unexpected);
        for (var e : named.entrySet()) {
            Tensor src = state.tensors().get(e.getKey());
            if (src == null) throw new IllegalArgumentException("load: state has no tensor for parameter '" + e.getKey() + "' " + Shapes.format(e.getValue().shape()));
            if (!Arrays.equals(src.shape(), e.getValue().shape())) {
                throw new IllegalArgumentException("load: parameter '" + e.getKey() + "' has shape " + Shapes.format(e.getValue().shape()) + ", state has " + Shapes.format(src.shape()));
            }
        }
        for (var e : named.entrySet()) e.getValue().value().copyFrom(state.tensors().get(e.getKey()));
        restoreCounters("", state.counters());
    }

    private void restoreCounters(String prefix, Map<String, Long> all) {
        for (String k : counters().keySet()) {
            Long v = all.get(prefix + k);
            if (v == null) throw new IllegalArgumentException("load: state has no counter '" + prefix + k + "'");
            setCounter(k, v);
        }
        for (var e : children.entrySet()) e.getValue().restoreCounters(prefix + e.getKey() + ".", all);
    }

    /** Integer state of this module itself (not its children), e.g. a dropout call counter. */
    protected Map<String, Long> counters() {
        return Map.of();
    }

    /** Restores one of {@link #counters()}. */
    protected void setCounter(String name, long value) {
        throw new IllegalArgumentException(getClass().getSimpleName() + " has no counter '" + name + "'");
    }
}
