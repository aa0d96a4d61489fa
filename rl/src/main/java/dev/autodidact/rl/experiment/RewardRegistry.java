package dev.autodidact.rl.experiment;

import dev.autodidact.rl.reward.ContinuousNumericVerifier;
import dev.autodidact.rl.reward.ExactMatchVerifier;
import dev.autodidact.rl.reward.FormatReward;
import dev.autodidact.rl.reward.InvertedVerifier;
import dev.autodidact.rl.reward.MajorityVote;
import dev.autodidact.rl.reward.MajorityVoteReward;
import dev.autodidact.rl.reward.PartialCreditVerifier;
import dev.autodidact.rl.reward.RandomReward;
import dev.autodidact.rl.reward.RewardSlot;
import dev.autodidact.rl.reward.SelfReward;
import dev.autodidact.rl.reward.TtrlMajorityVote;
import dev.autodidact.rl.reward.Verifier;
import dev.autodidact.rl.reward.WeightedSelfReward;
import dev.autodidact.rl.reward.WeightedVerifier;
import dev.autodidact.rl.task.Task;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * The reward names a recipe's {@code reward.terms} may use, and the construction of a method's
 * {@link RewardSlot} from them. Each entry builds either a label-free {@link SelfReward} or a
 * gold-reading {@link Verifier}; a label-free method whose terms build a {@code Verifier} is
 * refused here, from that type, before anything runs.
 */
public final class RewardRegistry {
    public static final String MAJORITY_VOTE = "majority_vote";
    public static final String TTRL_VOTE = "ttrl_vote";
    public static final String RANDOM = "random";
    public static final String FORMAT = "format";
    public static final String EXACT_MATCH = "exact_match";
    public static final String INVERTED_EXACT_MATCH = "inverted_exact_match";
    public static final String CONTINUOUS = "continuous";
    public static final String PARTIAL_CREDIT = "partial_credit";

    private RewardRegistry() {}

    /** What an entry built: a label-free reward or one that reads labels. */
    public sealed interface Built permits Built.LabelFree, Built.ReadsLabels {
        record LabelFree(SelfReward reward) implements Built {}

        record ReadsLabels(Verifier reward) implements Built {}
    }

    /** What an entry is built from besides its own parameters. */
    public record Context(Task task, Recipe.Rollout rollout, long seed) {}

    @FunctionalInterface
    interface Factory {
        Built build(Context context, Map<String, Double> params);
    }

    /**
     * One reward name.
     *
     * @param labelFree whether it builds a {@link SelfReward} (else a {@link Verifier})
     * @param params    the parameters it accepts, with their defaults
     */
    public record Entry(String name, String description, boolean labelFree, Map<String, Double> params, Factory factory) {}

    private static final Map<String, Entry> ENTRIES = new LinkedHashMap<>();

    static {
        labelFree(MAJORITY_VOTE, "1 when the answer equals the group's majority answer (MM-UPT)", Map.of(),
                (c, p) -> new MajorityVoteReward(c.task().equivalence(), MajorityVote.NullPolicy.EXCLUDE));
        labelFree(TTRL_VOTE, "TTRL: vote over rollout.vote_samples, train on rollout.group_size of them", Map.of(),
                (c, p) -> new TtrlMajorityVote(c.rollout().samplesPerPrompt(), c.rollout().groupSize(), c.seed(), c.task().equivalence(),
                        MajorityVote.NullPolicy.EXCLUDE));
        labelFree(RANDOM, "Bernoulli(probability) independent of the output (the RANDOM-GRPO control)", Map.of("probability", 0.5),
                (c, p) -> new RandomReward(p.get("probability"), c.seed()));
        labelFree(FORMAT, "1 when the completion has the <think>…</think><ans>…</ans> layout and a readable answer", Map.of(),
                (c, p) -> new FormatReward());
        readsLabels(EXACT_MATCH, "1 when the answer equals the gold answer (GT-GRPO)", Map.of(), (c, p) -> new ExactMatchVerifier(c.task()));
        readsLabels(INVERTED_EXACT_MATCH, "1 when the answer is wrong (the inverted control of §15.k)", Map.of(),
                (c, p) -> new InvertedVerifier(new ExactMatchVerifier(c.task())));
        readsLabels(CONTINUOUS, "1 - min(|answer - gold| / (|gold| + 1), 1) (§15.k)", Map.of(), (c, p) -> new ContinuousNumericVerifier());
        readsLabels(PARTIAL_CREDIT, "1 when correct, credit when an answer tag holds a wrong answer (TinyZero Countdown)", Map.of("credit", 0.1),
                (c, p) -> new PartialCreditVerifier(c.task(), p.get("credit")));
    }

    private static void labelFree(String name, String description, Map<String, Double> params, BiFunction<Context, Map<String, Double>, SelfReward> f) {
        ENTRIES.put(name, new Entry(name, description, true, Map.copyOf(params), (c, p) -> new Built.LabelFree(f.apply(c, p))));
    }

    private static void readsLabels(String name, String description, Map<String, Double> params, BiFunction<Context, Map<String, Double>, Verifier> f) {
        ENTRIES.put(name, new Entry(name, description, false, Map.copyOf(params), (c, p) -> new Built.ReadsLabels(f.apply(c, p))));
    }

    /** Every entry, in registration order. */
    public static List<Entry> entries() {
        return List.copyOf(ENTRIES.values());
    }

    public static Optional<Entry> entry(String name) {
        return Optional.ofNullable(ENTRIES.get(name));
    }

    /** The names of the label-free entries, for messages. */
    static List<String> labelFreeNames() {
        return ENTRIES.values().stream().filter(Entry::labelFree).map(Entry::name).toList();
    }

    /** A term that could not be built: its index in {@code reward.terms}, and why. */
    public static final class TermException extends IllegalArgumentException {
        private final int term;
        private final String key;

        TermException(int term, String key, String message) {
            super(message);
            this.term = term;
            this.key = key;
        }

        /** Index of the offending term in {@code reward.terms}. */
        public int term() {
            return term;
        }

        /** The key under the term that is at fault ({@code name}, or {@code params.NAME}). */
        public String key() {
            return key;
        }
    }

    /**
     * The reward slot of {@code recipe}'s method: a {@link RewardSlot.LabelFree} of the weighted
     * label-free terms when {@code method.label_free}, else a {@link RewardSlot.Supervised} in
     * which label-free terms ignore the labels.
     *
     * @throws TermException for an unknown name or parameter, or a label-reading term in a label-free method
     */
    public static RewardSlot slot(Recipe recipe, Task task, long seed) {
        Context context = new Context(task, recipe.rollout(), seed);
        List<Recipe.Term> terms = recipe.reward().terms();
        String name = recipe.method().name() + "_reward";
        if (recipe.method().labelFree()) {
            List<WeightedSelfReward.Term> built = new ArrayList<>();
            for (int i = 0; i < terms.size(); i++) {
                switch (build(i, terms.get(i), context)) {
                    case Built.LabelFree(SelfReward r) -> built.add(new WeightedSelfReward.Term(r, terms.get(i).weight()));
                    case Built.ReadsLabels(Verifier v) -> throw new TermException(i, "name",
                            "method '" + recipe.method().name() + "' is label-free (method.label_free: true), but reward term '" + terms.get(i).name()
                                    + "' reads gold labels (it is a Verifier); a label-free method accepts only " + String.join(", ", labelFreeNames())
                                    + ". Use one of those, or declare a supervised method with method.label_free: false");
                }
            }
            return RewardSlot.labelFree(new WeightedSelfReward(name, built));
        }
        List<WeightedVerifier.Term> built = new ArrayList<>();
        for (int i = 0; i < terms.size(); i++) {
            switch (build(i, terms.get(i), context)) {
                case Built.LabelFree(SelfReward r) -> built.add(WeightedVerifier.Term.of(r, terms.get(i).weight()));
                case Built.ReadsLabels(Verifier v) -> built.add(new WeightedVerifier.Term(v, terms.get(i).weight()));
            }
        }
        return RewardSlot.supervised(new WeightedVerifier(name, built));
    }

    private static Built build(int index, Recipe.Term term, Context context) {
        Entry e = ENTRIES.get(term.name());
        if (e == null) {
            String hint = Suggest.closest(term.name(), ENTRIES.keySet()).map(s -> "; did you mean '" + s + "'?").orElse("");
            throw new TermException(index, "name", "unknown reward '" + term.name() + "'" + hint + " (known rewards: " + String.join(", ", ENTRIES.keySet()) + ")");
        }
        Map<String, Double> params = new LinkedHashMap<>(e.params());
        for (var p : term.params().entrySet()) {
            if (!e.params().containsKey(p.getKey())) {
                String hint = Suggest.closest(p.getKey(), e.params().keySet()).map(s -> "; did you mean '" + s + "'?").orElse("");
                String known = e.params().isEmpty() ? "it takes no parameters" : "it takes " + String.join(", ", e.params().keySet());
                throw new TermException(index, "params." + p.getKey(), "reward '" + term.name() + "' has no parameter '" + p.getKey() + "'" + hint + " (" + known + ")");
            }
            if (p.getValue() == null) throw new TermException(index, "params." + p.getKey(), "reward '" + term.name() + "': parameter '" + p.getKey() + "' needs a number");
            params.put(p.getKey(), p.getValue());
        }
        try {
            return e.factory().build(context, params);
        } catch (IllegalArgumentException x) {
            throw new TermException(index, "name", "reward '" + term.name() + "': " + x.getMessage());
        }
    }
}
