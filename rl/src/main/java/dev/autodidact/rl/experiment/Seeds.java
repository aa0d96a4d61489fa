package dev.autodidact.rl.experiment;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --seeds N}: runs one recipe for N seeds in turn ({@code run.seed}, {@code run.seed + 1},
 * ...), each in {@code PARENT/seed-S}, then aggregates their final metrics into one table
 * (mean ± std and a 95% confidence interval, {@link ResultsTable}) written as text, JSON and a
 * report beside them.
 */
public final class Seeds {
    private Seeds() {}

    /** One seed's run: train {@code recipe} (whose {@code run.seed} is the seed) into {@code dir}. */
    @FunctionalInterface
    public interface SeedRun {
        void run(Recipe recipe, RunDirectory dir) throws Exception;
    }

    /** The seeds of {@code count} runs starting at {@code first}. */
    public static List<Long> of(long first, int count) {
        if (count < 1) throw new IllegalArgumentException("--seeds must be at least 1, got " + count);
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < count; i++) out.add(first + i);
        return out;
    }

    /** Runs every seed, then writes and prints the aggregate; a failing seed stops the sequence with its seed named. */
    public static Report.Result run(Recipe recipe, Path parent, int count, SeedRun run, PrintStream out) throws Exception {
        for (long seed : of(recipe.run().seed(), count)) {
            RunDirectory dir = RunDirectory.seed(parent, seed);
            out.println("seed " + seed + " -> " + dir.root());
            try {
                run.run(recipe.withSeed(seed), dir);
            } catch (Exception e) {
                throw new IOException("seed " + seed + " (" + dir.root() + ") failed: " + e.getMessage(), e);
            }
        }
        Report.Result result = Report.generate(parent);
        out.print(result.table().toText());
        out.println("report: " + result.report());
        return result;
    }
}
