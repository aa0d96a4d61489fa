package dev.autodidact.rl.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The warnings RL users most often need (the ones TRL users hit constantly), as pure functions of
 * a step's numbers: groups whose rewards are all equal carry no learning signal; entropy that
 * has collapsed means the policy stopped exploring; responses cut at the length limit bias the
 * reward; a NaN or infinity in a loss or gradient means the step must not be applied.
 */
public final class TrainingHealth {
    /** Warn when more than this fraction of groups has no signal. */
    public static final double NO_SIGNAL_THRESHOLD = 0.5;
    /** Warn when more than this fraction of responses hit the length limit. */
    public static final double CLIPPED_LENGTH_THRESHOLD = 0.1;
    /** Entropy has collapsed when it falls below this fraction of its first value... */
    public static final double ENTROPY_COLLAPSE_RATIO = 0.1;
    /** ...or below this many nats. */
    public static final double ENTROPY_FLOOR = 0.01;

    /** What a warning is about. */
    public enum Kind { NO_SIGNAL, ENTROPY_COLLAPSE, LENGTH_CLIPPED, NON_FINITE }

    /** One warning: what it is and a sentence for the log. */
    public record Warning(Kind kind, String message) {}

    private TrainingHealth() {}

    /** Fraction of groups ([P][G]) whose rewards are all equal, so every GRPO advantage is 0. */
    public static double allEqualGroupFraction(double[][] groupRewards) {
        if (groupRewards.length == 0) throw new IllegalArgumentException("no-signal check: no groups");
        int equal = 0;
        for (double[] g : groupRewards) {
            boolean same = true;
            for (double r : g) same &= r == g[0];
            if (same) equal++;
        }
        return (double) equal / groupRewards.length;
    }

    public static Optional<Warning> noSignal(double[][] groupRewards, double threshold) {
        double f = allEqualGroupFraction(groupRewards);
        return f > threshold
                ? Optional.of(new Warning(Kind.NO_SIGNAL, String.format(java.util.Locale.ROOT, "%.0f%% of the %d groups have all-equal rewards and give no learning signal;"
                + " raise G, the temperature, or filter such groups (dynamic sampling)", 100 * f, groupRewards.length)))
                : Optional.empty();
    }

    /**
     * Entropy collapse over a history of mean token entropies (one per step, oldest first): the
     * latest value is below {@code ratio} times the first, or below {@code floor} nats.
     */
    public static Optional<Warning> entropyCollapse(double[] meanEntropyHistory, double ratio, double floor) {
        if (meanEntropyHistory.length == 0) throw new IllegalArgumentException("entropy-collapse check: no entropy history");
        double first = meanEntropyHistory[0], last = meanEntropyHistory[meanEntropyHistory.length - 1];
        if (last < floor || last < ratio * first)
            return Optional.of(new Warning(Kind.ENTROPY_COLLAPSE, String.format(java.util.Locale.ROOT, "mean token entropy fell from %.4g to %.4g nats over %d steps;"
                    + " the policy has nearly stopped exploring", first, last, meanEntropyHistory.length)));
        return Optional.empty();
    }

    /** Fraction of responses whose length reached the generation limit (they were cut, not finished). */
    public static double clippedLengthRatio(int[] lengths, int maxLength) {
        if (lengths.length == 0 || maxLength < 1)
            throw new IllegalArgumentException("clipped-length ratio: need responses and a positive limit, got " + lengths.length + " and " + maxLength);
        int clipped = 0;
        for (int l : lengths) if (l >= maxLength) clipped++;
        return (double) clipped / lengths.length;
    }

    public static Optional<Warning> lengthClipped(int[] lengths, int maxLength, double threshold) {
        double f = clippedLengthRatio(lengths, maxLength);
        return f > threshold
                ? Optional.of(new Warning(Kind.LENGTH_CLIPPED, String.format(java.util.Locale.ROOT, "%.0f%% of %d responses reached the %d-token limit and were cut off;"
                + " raise the limit or penalise length", 100 * f, lengths.length, maxLength)))
                : Optional.empty();
    }

    /** A warning naming the first NaN or infinite value of {@code values}. */
    public static Optional<Warning> nonFinite(String name, double... values) {
        for (int i = 0; i < values.length; i++)
            if (!Double.isFinite(values[i]))
                return Optional.of(new Warning(Kind.NON_FINITE, name + " is " + values[i] + " at index " + i + "; the step must not be applied"));
        return Optional.empty();
    }

    /** A warning naming the first NaN or infinite value of a ragged array (per-token losses, gradients). */
    public static Optional<Warning> nonFinite(String name, double[][] values) {
        for (int i = 0; i < values.length; i++)
            for (int t = 0; t < values[i].length; t++)
                if (!Double.isFinite(values[i][t]))
                    return Optional.of(new Warning(Kind.NON_FINITE, name + " is " + values[i][t] + " at [" + i + ", " + t + "]; the step must not be applied"));
        return Optional.empty();
    }

    /** All warnings for a step with the default thresholds. */
    public static List<Warning> check(double[][] groupRewards, double[] meanEntropyHistory, int[] lengths, int maxLength, double loss) {
        List<Warning> out = new ArrayList<>();
        noSignal(groupRewards, NO_SIGNAL_THRESHOLD).ifPresent(out::add);
        if (meanEntropyHistory.length > 0) entropyCollapse(meanEntropyHistory, ENTROPY_COLLAPSE_RATIO, ENTROPY_FLOOR).ifPresent(out::add);
        lengthClipped(lengths, maxLength, CLIPPED_LENGTH_THRESHOLD).ifPresent(out::add);
        nonFinite("loss", loss).ifPresent(out::add);
        return out;
    }
}
