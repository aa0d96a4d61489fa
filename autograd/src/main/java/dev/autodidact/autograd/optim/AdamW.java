package dev.autodidact.autograd.optim;

import dev.autodidact.autograd.nn.Parameter;
import dev.autodidact.autograd.nn.State;
import dev.autodidact.tensor.Parallel;
import dev.autodidact.tensor.Shapes;
import dev.autodidact.tensor.Tensor;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam with decoupled weight decay ("Decoupled Weight Decay Regularization", Loshchilov and
 * Hutter, Algorithm 2), in PyTorch's formulation: with t the step number (from 1),
 * p ← p·(1 − lr·wd); m ← β1·m + (1−β1)·g; v ← β2·v + (1−β2)·g²;
 * p ← p − (lr / (1−β1ᵗ)) · m / (√v / √(1−β2ᵗ) + ε).
 * Element updates are independent, so splitting them across threads changes no bit.
 */
public final class AdamW implements Optimizer {
    private final List<ParamGroup> groups;
    private final double beta1, beta2, eps;
    private final Schedule schedule;
    private final Map<String, float[]> m = new LinkedHashMap<>(), v = new LinkedHashMap<>();
    private long step;

    public AdamW(List<ParamGroup> groups, double beta1, double beta2, double eps, Schedule schedule) {
        if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1)) throw new IllegalArgumentException("AdamW: betas must be in [0, 1), got " + beta1 + ", " + beta2);
        if (!(eps > 0)) throw new IllegalArgumentException("AdamW: eps must be > 0, got " + eps);
        this.groups = List.copyOf(groups);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.schedule = schedule;
        for (ParamGroup gr : this.groups) {
            for (var e : gr.params().entrySet()) {
                if (m.containsKey(e.getKey())) throw new IllegalArgumentException("AdamW: parameter '" + e.getKey() + "' appears in two groups");
                m.put(e.getKey(), new float[e.getValue().numel()]);
                v.put(e.getKey(), new float[e.getValue().numel()]);
            }
        }
    }

    /** β = (0.9, 0.999), ε = 1e-8: the PyTorch defaults. */
    public AdamW(List<ParamGroup> groups, Schedule schedule) {
        this(groups, 0.9, 0.999, 1e-8, schedule);
    }

    @Override
    public void step() {
        long t = step + 1;
        double bc1 = 1 - Math.pow(beta1, t), bc2 = 1 - Math.pow(beta2, t);
        for (int gi = 0; gi < groups.size(); gi++) {
            ParamGroup gr = groups.get(gi);
            double lr = learningRate(gi);
            float decay = (float) (1 - lr * gr.weightDecay());
            float stepSize = (float) (lr / bc1), invSqrtBc2 = (float) (1 / Math.sqrt(bc2));
            // 1 − β is formed in double: (float) 0.999 is not exactly 0.999, and 1 − it loses 4 digits.
            float b1 = (float) beta1, b2 = (float) beta2, c1 = (float) (1 - beta1), c2 = (float) (1 - beta2), e = (float) eps;
            for (var en : gr.params().entrySet()) {
                Parameter p = en.getValue();
                float[] g = Optimizer.requireGrad("AdamW", gr, en.getKey(), p);
                float[] w = p.value().data(), ms = m.get(en.getKey()), vs = v.get(en.getKey());
                Parallel.forRange(w.length, 1 << 14, (lo, hi) -> {
                    for (int i = lo; i < hi; i++) {
                        float gi2 = g[i];
                        float mi = b1 * ms[i] + c1 * gi2;
                        float vi = b2 * vs[i] + c2 * gi2 * gi2;
                        ms[i] = mi;
                        vs[i] = vi;
                        w[i] = w[i] * decay - stepSize * mi / ((float) Math.sqrt(vi) * invSqrtBc2 + e);
                    }
                });
            }
        }
        step = t;
    }

    @Override public long steps() { return step; }
    @Override public List<ParamGroup> groups() { return groups; }

    @Override
    public double learningRate(int group) {
        return groups.get(group).lr() * schedule.factor(step);
    }

    /** Tensors "m.NAME" and "v.NAME" (first and second moments), counter "step". */
    @Override
    public State state() {
        Map<String, Tensor> t = new LinkedHashMap<>();
        for (var e : m.entrySet()) t.put("m." + e.getKey(), Tensor.of(e.getValue().clone(), shapeOf(e.getKey())));
        for (var e : v.entrySet()) t.put("v." + e.getKey(), Tensor.of(e.getValue().clone(), shapeOf(e.getKey())));
        return new State(t, Map.of("step", step));
    }

    @Override
    public void load(State s) {
        for (String name : m.keySet()) {
            for (String kind : new String[] {"m.", "v."}) {
                Tensor src = s.tensor(kind + name);
                if (!Arrays.equals(src.shape(), shapeOf(name))) {
                    throw new IllegalArgumentException("AdamW.load: moment '" + kind + name + "' has shape " + Shapes.format(src.shape()) + ", parameter has " + Shapes.format(shapeOf(name)));
                }
            }
        }
        for (String name : m.keySet()) {
            System.arraycopy(s.tensor("m." + name).toArray(), 0, m.get(name), 0, m.get(name).length);
            System.arraycopy(s.tensor("v." + name).toArray(), 0, v.get(name), 0, v.get(name).length);
        }
        step = s.counter("step");
    }

    private int[] shapeOf(String name) {
        for (ParamGroup gr : groups) {
            Parameter p = gr.params().get(name);
            if (p != null) return p.shape();
        }
        throw new IllegalStateException("AdamW: unknown parameter '" + name + "'");
    }
}
