package dev.autodidact.rl.reward;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A weighted sum of label-free rewards, itself label-free; {@link #evaluate} also returns each
 * term's rewards for per-function metrics.
 */
public final class WeightedSelfReward implements SelfReward {

    /** One term: a label-free reward and its weight. */
    public record Term(SelfReward reward, double weight) {}

    private final String name;
    private final List<Term> terms;

    public WeightedSelfReward(String name, List<Term> terms) {
        this.name = name;
        this.terms = List.copyOf(terms);
        for (Term t : this.terms)
            if (t.reward() instanceof Verifier v)
                throw new IllegalArgumentException(name + ": term '" + v.name() + "' is a Verifier (it reads gold labels) and cannot be part of a label-free reward");
        Terms.checkNamesAndWeights(name, this.terms.stream().map(t -> t.reward().name()).toList(),
                this.terms.stream().mapToDouble(Term::weight).toArray());
    }

    /** Shorthand for a mix of rewards with weights given pairwise. */
    public static WeightedSelfReward of(String name, SelfReward first, double firstWeight, Object... more) {
        List<Term> ts = new java.util.ArrayList<>(List.of(new Term(first, firstWeight)));
        if (more.length % 2 != 0) throw new IllegalArgumentException(name + ": rewards and weights must come in pairs");
        for (int i = 0; i < more.length; i += 2) {
            if (!(more[i] instanceof SelfReward r) || !(more[i + 1] instanceof Number w))
                throw new IllegalArgumentException(name + ": argument " + (i + 3) + " must be a SelfReward followed by its weight, got " + more[i]);
            ts.add(new Term(r, w.doubleValue()));
        }
        return new WeightedSelfReward(name, ts);
    }

    @Override
    public String name() {
        return name;
    }

    public List<Term> terms() {
        return terms;
    }

    /** The weighted total and every term's own rewards. */
    public RewardBreakdown evaluate(Group group) {
        double[] total = new double[group.size()];
        Map<String, double[]> parts = new LinkedHashMap<>();
        for (Term t : terms) {
            double[] r = t.reward().rewards(group);
            Terms.checkRewards(t.reward().name(), r, group.size(), group.prompt().id());
            for (int i = 0; i < total.length; i++) total[i] += t.weight() * r[i];
            parts.put(t.reward().name(), r);
        }
        return new RewardBreakdown(total, parts);
    }

    @Override
    public double[] rewards(Group group) {
        return evaluate(group).total();
    }
}
