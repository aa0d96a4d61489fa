package dev.autodidact.autograd.optim;

/**
 * A learning-rate multiplier as a function of the optimizer step (0 for the first step): each
 * parameter group's learning rate is its base rate times {@code factor(step)}.
 */
@FunctionalInterface
public interface Schedule {

    double factor(long step);

    static Schedule constant() {
        return step -> 1.0;
    }

    /** Linear warm-up: (step + 1)/warmup for the first {@code warmup} steps, then 1. */
    static Schedule warmup(long warmup) {
        return step -> step < warmup ? (step + 1) / (double) warmup : 1.0;
    }

    /**
     * Linear warm-up, then cosine decay from 1 to {@code minFactor} at step {@code total}
     * (and {@code minFactor} after it), as in "SGDR: Stochastic Gradient Descent with Warm Restarts"
     * without restarts.
     */
    static Schedule cosine(long warmup, long total, double minFactor) {
        check(warmup, total);
        return step -> {
            if (step < warmup) return (step + 1) / (double) warmup;
            double progress = Math.min(1.0, (step - warmup) / (double) Math.max(1, total - warmup));
            return minFactor + (1 - minFactor) * 0.5 * (1 + Math.cos(Math.PI * progress));
        };
    }

    /** Linear warm-up, then a straight line from 1 to {@code minFactor} at step {@code total}. */
    static Schedule linearDecay(long warmup, long total, double minFactor) {
        check(warmup, total);
        return step -> {
            if (step < warmup) return (step + 1) / (double) warmup;
            double progress = Math.min(1.0, (step - warmup) / (double) Math.max(1, total - warmup));
            return 1 - (1 - minFactor) * progress;
        };
    }

    private static void check(long warmup, long total) {
        if (warmup < 0 || total < warmup) throw new IllegalArgumentException("Schedule: need 0 <= warmup <= total, got warmup " + warmup + ", total " + total);
    }
}
