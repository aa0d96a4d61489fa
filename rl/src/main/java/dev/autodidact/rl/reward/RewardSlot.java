package dev.autodidact.rl.reward;

/**
 * The reward input of a training method, typed by whether it may read labels. A label-free
 * method declares a {@link LabelFree} slot, which only accepts a {@link SelfReward}: passing a
 * {@link Verifier} does not compile, and an object that is somehow both is rejected when the
 * slot is built, with a sentence saying why.
 */
public sealed interface RewardSlot permits RewardSlot.LabelFree, RewardSlot.Supervised {

    /** Label-free methods (MM-UPT, TTRL, the random control, ...). */
    record LabelFree(SelfReward reward) implements RewardSlot {
        public LabelFree {
            if (reward instanceof Verifier)
                throw new IllegalArgumentException("reward '" + reward.name() + "' implements Verifier, so it may read gold labels;"
                        + " a label-free method only accepts label-free rewards (SelfReward)");
            if (reward instanceof WeightedSelfReward w)
                for (WeightedSelfReward.Term t : w.terms()) new LabelFree(t.reward());
        }

        public RewardBreakdown score(Group group) {
            if (reward instanceof WeightedSelfReward w) return w.evaluate(group);
            double[] r = reward.rewards(group);
            Terms.checkRewards(reward.name(), r, group.size(), group.prompt().id());
            return new RewardBreakdown(r, java.util.Map.of(reward.name(), r));
        }
    }

    /** The supervised baseline (GT-GRPO) and evaluation. */
    record Supervised(Verifier reward) implements RewardSlot {
        public RewardBreakdown score(LabelledGroup group) {
            if (reward instanceof WeightedVerifier w) return w.evaluate(group);
            double[] r = reward.rewards(group);
            Terms.checkRewards(reward.name(), r, group.size(), group.group().prompt().id());
            return new RewardBreakdown(r, java.util.Map.of(reward.name(), r));
        }
    }

    static LabelFree labelFree(SelfReward reward) {
        return new LabelFree(reward);
    }

    static Supervised supervised(Verifier reward) {
        return new Supervised(reward);
    }
}
