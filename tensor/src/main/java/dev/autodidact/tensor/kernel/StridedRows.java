package dev.autodidact.tensor.kernel;

import dev.autodidact.tensor.Parallel;
import dev.autodidact.tensor.Tensor;

/**
 * Iteration plan for elementwise kernels: several operands of one (broadcast) shape are walked
 * as "rows" along the innermost axis, after size-1 axes are dropped and axes that are contiguous
 * for every operand are merged — so a contiguous tensor of any rank is one long row and the SIMD
 * inner loop sees unit strides. Rows are split across the worker pool.
 */
final class StridedRows {
    /** Body called once per row: operand k starts at {@code offsets[k]} and steps by {@link #innerStride}. */
    interface RowBody {
        void row(int[] offsets, int length);
    }

    private static final int GRAIN_ELEMENTS = 1 << 15;

    private final int[] shape;      // coalesced shape, rank >= 1
    private final int[][] strides;  // [operand][axis]
    private final int[] base;       // operand offsets
    final int inner;
    final int rows;

    /** Operands must already have shape {@code outShape} (use {@link Tensor#expand} for broadcasting). */
    StridedRows(int[] outShape, Tensor... operands) {
        int k = operands.length;
        int[][] st = new int[k][];
        base = new int[k];
        for (int i = 0; i < k; i++) {
            st[i] = operands[i].strides();
            base[i] = operands[i].offset();
        }
        // Drop size-1 axes, then merge neighbours that are contiguous for every operand.
        int[] s = new int[Math.max(1, outShape.length)];
        int[][] ss = new int[k][s.length];
        int r = 0;
        for (int d = 0; d < outShape.length; d++) {
            if (outShape[d] == 1) continue;
            if (r > 0 && mergeable(st, d, outShape, ss, r)) {
                s[r - 1] *= outShape[d];
                for (int i = 0; i < k; i++) ss[i][r - 1] = st[i][d];
                continue;
            }
            s[r] = outShape[d];
            for (int i = 0; i < k; i++) ss[i][r] = st[i][d];
            r++;
        }
        if (r == 0) { s[0] = 1; r = 1; } // every axis has size 1: a single element
        shape = java.util.Arrays.copyOf(s, r);
        strides = new int[k][];
        for (int i = 0; i < k; i++) strides[i] = java.util.Arrays.copyOf(ss[i], r);
        inner = shape[r - 1];
        int n = 1;
        for (int i = 0; i < r - 1; i++) n *= shape[i];
        rows = inner == 0 ? 0 : n;
    }

    /** Axis d can be merged into the previous kept axis when, for every operand, prevStride == stride·size. */
    private static boolean mergeable(int[][] st, int d, int[] outShape, int[][] ss, int r) {
        for (int i = 0; i < st.length; i++) {
            if (ss[i][r - 1] != st[i][d] * outShape[d]) return false;
        }
        return true;
    }

    int innerStride(int operand) {
        return strides[operand][shape.length - 1];
    }

    /**
     * Runs {@code body} over every row, in parallel for large tensors. A row longer than
     * {@link #GRAIN_ELEMENTS} (a contiguous tensor is one row) is cut into segments of that many
     * elements, so that it is split across threads too; segment starts are fixed multiples of
     * the grain (a multiple of every vector length), never of the thread count, so each element
     * takes the same SIMD-or-tail path for any thread count and any segmentation.
     */
    void forEachRow(RowBody body) {
        int segs = Math.max(1, (int) ((inner + (long) GRAIN_ELEMENTS - 1) / GRAIN_ELEMENTS));
        if (segs == 1) {
            int grain = Math.max(1, GRAIN_ELEMENTS / Math.max(1, inner));
            Parallel.forRange(rows, grain, (lo, hi) -> {
                int[] off = new int[base.length];
                for (int row = lo; row < hi; row++) {
                    offsets(row, off);
                    body.row(off, inner);
                }
            });
            return;
        }
        int[] step = new int[base.length];
        for (int i = 0; i < step.length; i++) step[i] = innerStride(i);
        Parallel.forRange((int) Math.min(Integer.MAX_VALUE, (long) rows * segs), 1, (lo, hi) -> {
            int[] off = new int[base.length];
            for (int u = lo; u < hi; u++) {
                int row = u / segs, start = (u - row * segs) * GRAIN_ELEMENTS;
                offsets(row, off);
                for (int i = 0; i < off.length; i++) off[i] += start * step[i];
                body.row(off, Math.min(GRAIN_ELEMENTS, inner - start));
            }
        });
    }

    private void offsets(int row, int[] off) {
        System.arraycopy(base, 0, off, 0, base.length);
        for (int d = shape.length - 2; d >= 0 && row > 0; d--) {
            int idx = row % shape[d];
            row /= shape[d];
            for (int i = 0; i < off.length; i++) off[i] += idx * strides[i][d];
        }
    }
}
