package dev.autodidact.tensor;

/** Readable text of a tensor: every value for small tensors, shape and a summary for large ones. */
final class TensorFormat {
    private static final int MAX_FULL = 256;

    private TensorFormat() {}

    static String format(Tensor t) {
        int[] shape = t.shape();
        StringBuilder sb = new StringBuilder("Tensor").append(Shapes.format(shape));
        int n = t.numel();
        if (n > MAX_FULL) {
            float[] v = t.toArray();
            double sum = 0, min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
            for (float x : v) { sum += x; min = Math.min(min, x); max = Math.max(max, x); }
            return sb.append(String.format(" (mean %.4g, min %.4g, max %.4g)", sum / n, min, max)).toString();
        }
        sb.append(' ');
        appendLevel(sb, t, 0, new int[shape.length], sb.length());
        return sb.toString();
    }

    private static void appendLevel(StringBuilder sb, Tensor t, int level, int[] idx, int indent) {
        if (level == idx.length) {
            sb.append(fmt(t.get(idx)));
            return;
        }
        sb.append('[');
        for (int i = 0; i < t.size(level); i++) {
            if (i > 0) sb.append(level == idx.length - 1 ? ", " : ",\n" + " ".repeat(indent + level + 1));
            idx[level] = i;
            appendLevel(sb, t, level + 1, idx, indent);
        }
        sb.append(']');
    }

    private static String fmt(float v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e7) return String.valueOf((long) v);
        return String.format("%.4g", v);
    }
}
