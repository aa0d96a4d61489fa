package dev.autodidact.autograd.optim;

import dev.autodidact.autograd.nn.Parameter;
import dev.autodidact.autograd.nn.State;
import dev.autodidact.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stochastic gradient descent with momentum, PyTorch's form: g ← g + wd·p (coupled L2 decay);
 * b ← μ·b + g (b = g on the first step); p ← p − lr·b.
 */
public final class SGD implements Optimizer {
    private final List<ParamGroup> groups;
    private final double momentum;
    private final Schedule schedule;
    private final Map<String, float[]> buf = new LinkedHashMap<>();
    private final Map<String, int[]> shapes = new LinkedHashMap<>();
    private long step;

    public SGD(List<ParamGroup> groups, double momentum, Schedule schedule) {
        if (!(momentum >= 0 && momentum < 1)) throw new IllegalArgumentException("SGD: momentum must be in [0, 1), got " + momentum);
        this.groups = List.copyOf(groups);
        this.momentum = momentum;
        this.schedule = schedule;
        for (ParamGroup gr : this.groups) {
            for (var e : gr.params().entrySet()) {
                if (buf.containsKey(e.getKey())) throw new IllegalArgumentException("SGD: parameter '" + e.getKey() + "' appears in two groups");
                buf.put(e.getKey(), new float[e.getValue().numel()]);
                shapes.put(e.getKey(), e.getValue().shape());
            }
        }
    }

    @Override
    public void step() {
        float mu = (float) momentum;
        boolean first = step == 0;
        for (int gi = 0; gi < groups.size(); gi++) {
            ParamGroup gr = groups.get(gi);
            float lr = (float) learningRate(gi), wd = (float) gr.weightDecay();
            for (var en : gr.params().entrySet()) {
                Parameter p = en.getValue();
                float[] g = Optimizer.requireGrad("SGD", gr, en.getKey(), p);
                float[] w = p.value().data(), b = buf.get(en.getKey());
                for (int i = 0; i < w.length; i++) {
                    float d = g[i] + wd * w[i];
                    b[i] = first ? d : mu * b[i] + d;
                    w[i] -= lr * b[i];
                }
            }
        }
        step++;
    }

    @Override public long steps() { return step; }
    @Override public List<ParamGroup> groups() { return groups; }

    @Override
    public double learningRate(int group) {
        return groups.get(group).lr() * schedule.factor(step);
    }

    /** Tensors "momentum.NAME", counter "step". */
    @Override
    public State state() {
        Map<String, Tensor> t = new LinkedHashMap<>();
        for (var e : buf.entrySet()) t.put("momentum." + e.getKey(), Tensor.of(e.getValue().clone(), shapes.get(e.getKey())));
        return new State(t, Map.of("step", step));
    }

    @Override
    public void load(State s) {
        for (var e : buf.entrySet()) {
            float[] src = s.tensor("momentum." + e.getKey()).toArray();
            if (src.length != e.getValue().length) throw new IllegalArgumentException("SGD.load: momentum of '" + e.getKey() + "' has " + src.length + " values, parameter has " + e.getValue().length);
            System.arraycopy(src, 0, e.getValue(), 0, src.length);
        }
        step = s.counter("step");
    }
}
