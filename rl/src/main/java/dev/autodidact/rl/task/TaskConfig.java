package dev.autodidact.rl.task;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The versioned settings of one task generator. The version is part of the split hash, so a
 * generator change that would move problems between splits must bump it.
 *
 * @param name           task family, e.g. {@code ADD}; also the prefix of every prompt id
 * @param version        generator version, e.g. {@code add-v1}
 * @param knob           what the difficulty number means, e.g. {@code digits}
 * @param inDistribution difficulties for the train, unlabelled and test splits
 * @param outOfDistribution difficulties for the OOD split; disjoint from the above
 * @param parameters     other generator settings, recorded for reports
 */
public record TaskConfig(String name, String version, String knob, List<Integer> inDistribution,
                         List<Integer> outOfDistribution, Map<String, String> parameters) {
    public TaskConfig {
        if (name.isEmpty() || version.isEmpty()) throw new IllegalArgumentException("TaskConfig: name and version must be non-empty");
        inDistribution = List.copyOf(new TreeSet<>(inDistribution));
        outOfDistribution = List.copyOf(new TreeSet<>(outOfDistribution));
        if (inDistribution.isEmpty() || outOfDistribution.isEmpty())
            throw new IllegalArgumentException(name + ": both the in-distribution and the out-of-distribution " + knob + " lists must be non-empty");
        for (int d : inDistribution)
            if (outOfDistribution.contains(d))
                throw new IllegalArgumentException(name + ": " + knob + " " + d + " is listed both in-distribution " + inDistribution
                        + " and out-of-distribution " + outOfDistribution + "; the OOD split would overlap the others");
        parameters = Map.copyOf(parameters);
    }

    /** The difficulties a split draws from. */
    public List<Integer> difficulties(Split split) {
        return split.outOfDistribution() ? outOfDistribution : inDistribution;
    }
}
