package dev.autodidact.rl.experiment;

import java.util.List;

/**
 * A recipe that cannot be used: every problem found, each naming the file, the line where
 * known, and the key, with what to change.
 */
public final class RecipeException extends RuntimeException {
    private final List<String> problems;

    public RecipeException(String source, List<String> problems) {
        super(format(source, problems));
        this.problems = List.copyOf(problems);
    }

    /** The problems, one sentence each (each already naming its line). */
    public List<String> problems() {
        return problems;
    }

    private static String format(String source, List<String> problems) {
        if (problems.size() == 1) return "recipe " + source + ": " + problems.getFirst();
        return "recipe " + source + ": " + problems.size() + " problems:\n  " + String.join("\n  ", problems);
    }
}
