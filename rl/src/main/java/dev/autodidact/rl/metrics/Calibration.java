package dev.autodidact.rl.metrics;

import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Calibration of confidences c_i in [0, 1] against correctness o_i (algorithms-text §0.12):
 * expected calibration error with M equal-width bins (bin m holds c in ((m-1)/M, m/M], c = 0 in
 * bin 1; "On Calibration of Modern Neural Networks"), the Brier score, the AUROC of c as a
 * detector of correct answers (rank-based, ties count one half), and selective accuracy.
 */
public final class Calibration {
    /** M of the ECE that evaluations report (§0.12). */
    public static final int BINS = 10;

    private Calibration() {}

    /**
     * The calibration metrics of one kind of confidence, named {@code ece_<name>},
     * {@code brier_<name>} and {@code auroc_<name>}; the AUROC is left out when it is undefined
     * (every prediction right, or every one wrong), so that it never averages in as a number.
     */
    public static Map<String, Double> metrics(String name, double[] confidence, boolean[] correct) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("ece_" + name, ece(confidence, correct, BINS));
        m.put("brier_" + name, brier(confidence, correct));
        auroc(confidence, correct).ifPresent(a -> m.put("auroc_" + name, a));
        return m;
    }

    /** {@code ECE = sum_m (|B_m| / n) |mean_{B_m} o - mean_{B_m} c|}. */
    public static double ece(double[] confidence, boolean[] correct, int bins) {
        check(confidence, correct);
        if (bins < 1) throw new IllegalArgumentException("ECE: need at least one bin, got " + bins);
        double[] sumC = new double[bins + 1], sumO = new double[bins + 1];
        int[] count = new int[bins + 1];
        for (int i = 0; i < confidence.length; i++) {
            int m = bin(confidence[i], bins);
            sumC[m] += confidence[i];
            sumO[m] += correct[i] ? 1 : 0;
            count[m]++;
        }
        double ece = 0;
        for (int m = 1; m <= bins; m++)
            if (count[m] > 0) ece += (double) count[m] / confidence.length * Math.abs(sumO[m] / count[m] - sumC[m] / count[m]);
        return ece;
    }

    /** The 1-based bin of c: the m with (m-1)/M < c <= m/M, compared against the bin edges as doubles so 0.3 lands in bin 3 of 10. */
    static int bin(double c, int bins) {
        int m = (int) Math.ceil(c * bins);
        if (m > 1 && c <= (double) (m - 1) / bins) m--;
        if (m < bins && c > (double) m / bins) m++;
        return Math.clamp(m, 1, bins);
    }

    /** {@code mean_i (c_i - o_i)^2}. */
    public static double brier(double[] confidence, boolean[] correct) {
        check(confidence, correct);
        double s = 0;
        for (int i = 0; i < confidence.length; i++) {
            double d = confidence[i] - (correct[i] ? 1 : 0);
            s += d * d;
        }
        return s / confidence.length;
    }

    /**
     * AUROC; empty when all answers are right or all are wrong (it is undefined then). Only the
     * order of the scores matters, so any finite score will do (self-certainty, a log-probability).
     */
    public static OptionalDouble auroc(double[] confidence, boolean[] correct) {
        checkLengths(confidence, correct);
        for (int i = 0; i < confidence.length; i++)
            if (!Double.isFinite(confidence[i])) throw new IllegalArgumentException("AUROC: score " + i + " is " + confidence[i] + ", not a finite number");
        int n = confidence.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, Comparator.comparingDouble(i -> confidence[i]));
        double rankSumPositive = 0;
        long positives = 0;
        for (int start = 0; start < n; ) {
            int end = start;
            while (end + 1 < n && confidence[order[end + 1]] == confidence[order[start]]) end++;
            double averageRank = (start + end) / 2.0 + 1; // tied scores share their mean rank
            for (int k = start; k <= end; k++)
                if (correct[order[k]]) {
                    rankSumPositive += averageRank;
                    positives++;
                }
            start = end + 1;
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) return OptionalDouble.empty();
        return OptionalDouble.of((rankSumPositive - positives * (positives + 1) / 2.0) / ((double) positives * negatives));
    }

    /** Accuracy of the {@code ceil(coverage * n)} most confident predictions (earlier index first on ties). */
    public static double selectiveAccuracy(double[] confidence, boolean[] correct, double coverage) {
        check(confidence, correct);
        if (!(coverage > 0 && coverage <= 1)) throw new IllegalArgumentException("selective accuracy: coverage must be in (0, 1], got " + coverage);
        Integer[] order = new Integer[confidence.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -confidence[i]));
        int keep = (int) Math.ceil(coverage * confidence.length - 1e-9);
        int right = 0;
        for (int k = 0; k < keep; k++) if (correct[order[k]]) right++;
        return (double) right / keep;
    }

    private static void checkLengths(double[] confidence, boolean[] correct) {
        if (confidence.length != correct.length || confidence.length == 0)
            throw new IllegalArgumentException("calibration: " + confidence.length + " confidences but " + correct.length + " outcomes (need equal, non-zero)");
    }

    private static void check(double[] confidence, boolean[] correct) {
        checkLengths(confidence, correct);
        for (int i = 0; i < confidence.length; i++)
            if (!(confidence[i] >= 0 && confidence[i] <= 1))
                throw new IllegalArgumentException("calibration: confidence " + i + " is " + confidence[i] + ", outside [0, 1]");
    }
}
