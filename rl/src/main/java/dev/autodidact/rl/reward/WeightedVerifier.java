package dev.autodidact.rl.reward;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A weighted sum of verifiers (and label-free rewards lifted with
 * {@link Verifier#ignoringLabels}), for the supervised baseline: because one term reads labels,
 * the whole combination is a {@link Verifier}.
 */
public final class WeightedVerifier implements Verifier {

    /** One term: a verifier and its weight. */
    public record Term(Verifier reward, double weight) {
        /** A label-free term inside a supervised mix. */
        public static Term of(SelfReward reward, double weight) {
            return new Term(Verifier.ignoringLabels(reward), weight);
        }
    }

    private final String name;
    private final List<Term> terms;

    public WeightedVerifier(String name, List<Term> terms) {
        this.name = name;
        this.terms = List.copyOf(terms);
        Terms.checkNamesAndWeights(name, this.terms.stream().map(t -> t.reward().name()).toList(),
                this.terms.stream().mapToDouble(Term::weight).toArray());
    }

    @Override
    public String name() {
        return name;
    }

    public List<Term> terms() {
        return terms;
    }

    /** The weighted total and every term's own rewards. */
    public RewardBreakdown evaluate(LabelledGroup group) {
        double[] total = new double[group.size()];
        Map<String, double[]> parts = new LinkedHashMap<>();
        for (Term t : terms) {
            double[] r = t.reward().rewards(group);
            Terms.checkRewards(t.reward().name(), r, group.size(), group.group().prompt().id());
            for (int i = 0; i < total.length; i++) total[i] += t.weight() * r[i];
            parts.put(t.reward().name(), r);
        }
        return new RewardBreakdown(total, parts);
    }

    @Override
    public double[] rewards(LabelledGroup group) {
        return evaluate(group).total();
    }
}
