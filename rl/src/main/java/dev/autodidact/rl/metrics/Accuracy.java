package dev.autodidact.rl.metrics;

/**
 * Accuracy summaries of an evaluation (algorithms-text §C.5): greedy accuracy, pass@1 as the
 * mean accuracy of T=1 samples (each prompt weighing the same), and mean response length.
 */
public final class Accuracy {
    private Accuracy() {}

    /** Fraction of true flags (greedy accuracy: one greedy answer per prompt). */
    public static double fraction(boolean[] correct) {
        if (correct.length == 0) throw new IllegalArgumentException("accuracy: no predictions");
        int c = 0;
        for (boolean b : correct) if (b) c++;
        return (double) c / correct.length;
    }

    /** pass@1: mean over prompts of the fraction of that prompt's samples that are correct ([P][n_j]). */
    public static double passAt1(boolean[][] correctPerPrompt) {
        if (correctPerPrompt.length == 0) throw new IllegalArgumentException("pass@1: no prompts");
        double s = 0;
        for (int j = 0; j < correctPerPrompt.length; j++) {
            if (correctPerPrompt[j].length == 0) throw new IllegalArgumentException("pass@1: prompt " + j + " has no samples");
            s += fraction(correctPerPrompt[j]);
        }
        return s / correctPerPrompt.length;
    }

    /** Mean of response lengths (tokens). */
    public static double meanLength(int[] lengths) {
        if (lengths.length == 0) throw new IllegalArgumentException("mean length: no responses");
        double s = 0;
        for (int l : lengths) s += l;
        return s / lengths.length;
    }
}
