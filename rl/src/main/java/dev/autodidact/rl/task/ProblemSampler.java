package dev.autodidact.rl.task;

import dev.autodidact.rl.math.SplitMix64;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Split assignment and rejection sampling shared by the generators. A problem's split is a
 * hash of (task, version, canonical form) for in-distribution difficulties, and OOD for the
 * out-of-distribution ones; generation draws candidates and keeps those that land in the
 * requested split, so splits are disjoint by construction rather than by bookkeeping.
 */
public final class ProblemSampler {
    /** In-distribution buckets out of 100: train [0, 40), unlabelled [40, 80), test [80, 100). */
    static final int TRAIN_END = 40, UNLABELED_END = 80;

    /** One drawn problem before split assignment. */
    public record Candidate(String canonical, String text, String gold, Map<String, String> metadata) {}

    /** Draws one candidate at a difficulty. */
    @FunctionalInterface
    public interface Drawer {
        Candidate draw(SplitMix64 rng, int difficulty);
    }

    private ProblemSampler() {}

    /** The split of a canonical form under {@code config}. */
    public static Split splitOf(TaskConfig config, String canonical, int difficulty) {
        if (config.outOfDistribution().contains(difficulty)) return Split.OOD;
        if (!config.inDistribution().contains(difficulty))
            throw new IllegalArgumentException(config.name() + ": " + config.knob() + " " + difficulty + " is in neither "
                    + config.inDistribution() + " nor " + config.outOfDistribution());
        long h = SplitMix64.hash(config.name() + "|" + config.version() + "|" + canonical);
        int bucket = (int) Long.remainderUnsigned(h, 100);
        return bucket < TRAIN_END ? Split.TRAIN : bucket < UNLABELED_END ? Split.UNLABELED : Split.TEST;
    }

    /**
     * {@code count} distinct problems of {@code split}, difficulty uniform over the split's list.
     * Gives up with a sentence when the problem space is too small for the request.
     */
    public static List<Problem> generate(TaskConfig config, Split split, int count, long seed, Drawer drawer) {
        if (count < 0) throw new IllegalArgumentException(config.name() + ": cannot generate " + count + " problems");
        SplitMix64 rng = SplitMix64.derive(seed, SplitMix64.hash(config.name() + "|" + config.version()), split.ordinal());
        List<Integer> difficulties = config.difficulties(split);
        List<Problem> out = new ArrayList<>(count);
        Set<String> seen = new HashSet<>();
        long budget = 50L * count + 2_000, attempts = 0;
        while (out.size() < count) {
            if (++attempts > budget)
                throw new IllegalStateException(config.name() + ": found only " + out.size() + " distinct " + split + " problems at "
                        + config.knob() + " " + difficulties + " after " + budget + " draws; ask for fewer than " + count);
            int difficulty = difficulties.get(rng.nextInt(difficulties.size()));
            Candidate c = drawer.draw(rng, difficulty);
            if (splitOf(config, c.canonical(), difficulty) != split || !seen.add(c.canonical())) continue;
            Prompt prompt = new Prompt(config.name(), config.name() + ":" + c.canonical(), c.text(), split, difficulty, c.metadata());
            out.add(new Problem(prompt, c.gold()));
        }
        return List.copyOf(out);
    }
}
