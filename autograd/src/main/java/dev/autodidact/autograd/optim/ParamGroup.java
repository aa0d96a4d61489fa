package dev.autodidact.autograd.optim;

import dev.autodidact.autograd.nn.Parameter;

import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Parameters (by full name) that share a base learning rate and a weight decay. */
public record ParamGroup(String name, Map<String, Parameter> params, double lr, double weightDecay) {

    public ParamGroup {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        if (!(lr >= 0)) throw new IllegalArgumentException("ParamGroup '" + name + "': learning rate must be >= 0, got " + lr);
        if (!(weightDecay >= 0)) throw new IllegalArgumentException("ParamGroup '" + name + "': weight decay must be >= 0, got " + weightDecay);
    }

    /**
     * Two groups: "decay" (every role not listed) with {@code weightDecay}, and "no_decay" (the
     * listed roles, typically biases, norms and embeddings) with none. Empty groups are dropped.
     */
    public static List<ParamGroup> byDecay(Map<String, Parameter> named, double lr, double weightDecay, Set<Parameter.Role> noDecayRoles) {
        Map<String, Parameter> decay = new LinkedHashMap<>(), noDecay = new LinkedHashMap<>();
        for (var e : named.entrySet()) (noDecayRoles.contains(e.getValue().role()) ? noDecay : decay).put(e.getKey(), e.getValue());
        var out = new java.util.ArrayList<ParamGroup>();
        if (!decay.isEmpty()) out.add(new ParamGroup("decay", decay, lr, weightDecay));
        if (!noDecay.isEmpty()) out.add(new ParamGroup("no_decay", noDecay, lr, 0));
        return out;
    }

    /** Biases and norm parameters skip decay; weights and embeddings decay (GPT-2 practice). */
    public static List<ParamGroup> byDecay(Map<String, Parameter> named, double lr, double weightDecay) {
        return byDecay(named, lr, weightDecay, EnumSet.of(Parameter.Role.BIAS, Parameter.Role.NORM));
    }

    /** All parameters in one group. */
    public static List<ParamGroup> single(Map<String, Parameter> named, double lr, double weightDecay) {
        return List.of(new ParamGroup("all", named, lr, weightDecay));
    }
}
