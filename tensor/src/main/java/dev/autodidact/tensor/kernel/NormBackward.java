package dev.autodidact.tensor.kernel;

import dev.autodidact.tensor.Parallel;
import dev.autodidact.tensor.Simd;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Backward kernels of layer norm and RMS norm over the last axis (C), from the statistics the
 * forward saved (mean and rstd per row). With x̂ = (x − μ)·rstd (μ = 0 for RMS norm) and
 * dŷ = g ⊙ w:
 * <pre>
 *   dx = rstd · (dŷ − mean(dŷ) − x̂ · mean(dŷ ⊙ x̂))     (no mean(dŷ) term for RMS norm)
 *   dw = Σ_rows g ⊙ x̂,   db = Σ_rows g
 * </pre>
 * dx is parallel over rows; dw and db over blocks of whole vectors of columns, each column
 * summing its rows in order in a register, so no result depends on the thread count and no two
 * threads write the same cache line. The plain loops are the reference.
 */
public final class NormBackward {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private NormBackward() {}

    /** dx [rows, C] from x, w, g (each at its offset, rows of C) and the per-row mean (null: RMS norm) and rstd. */
    public static void inputGrad(float[] x, int xo, float[] w, int wo, float[] g, int go, float[] mean, float[] rstd,
                                 float[] dx, int rows, int c) {
        boolean simd = Simd.enabled();
        Parallel.forRange(rows, Math.max(1, 4096 / Math.max(1, c)), (lo, hi) -> {
            for (int row = lo; row < hi; row++) {
                if (simd) inputGradRow(x, xo, w, wo, g, go, mean, rstd, dx, row, c);
                else inputGradRowNaive(x, xo, w, wo, g, go, mean, rstd, dx, row, c);
            }
        });
    }

    /** dw[i] = Σ_rows g ⊙ x̂ and, when db is not null, db[i] = Σ_rows g. */
    public static void paramGrads(float[] x, int xo, float[] g, int go, float[] mean, float[] rstd,
                                  float[] dw, float[] db, int rows, int c) {
        if (!Simd.enabled()) {
            paramGradsNaive(x, xo, g, go, mean, rstd, dw, db, rows, c, 0, c);
            return;
        }
        int lanes = S.length(), units = (c + lanes - 1) / lanes;
        Parallel.forRange(units, Math.max(1, (1 << 15) / Math.max(1, rows * lanes)), (lo, hi) -> {
            int c1 = Math.min(c, hi * lanes), whole = lo * lanes + S.loopBound(c1 - lo * lanes);
            for (int col = lo * lanes; col < whole; col += 4 * lanes) paramGradsBlock(x, xo, g, go, mean, rstd, dw, db, rows, c, col, Math.min(4, (whole - col) / lanes));
            if (whole < c1) paramGradsNaive(x, xo, g, go, mean, rstd, dw, db, rows, c, whole, c1);
        });
    }

    static void inputGradRowNaive(float[] x, int xo, float[] w, int wo, float[] g, int go, float[] mean, float[] rstd,
                                  float[] d, int row, int c) {
        int p = row * c;
        float mu = mean == null ? 0f : mean[row], rs = rstd[row];
        double sumDy = 0, sumDyXhat = 0;
        for (int i = 0; i < c; i++) {
            float xhat = (x[xo + p + i] - mu) * rs, dy = g[go + p + i] * w[wo + i];
            sumDy += dy;
            sumDyXhat += dy * xhat;
        }
        float meanDy = mean == null ? 0f : (float) (sumDy / c), meanDyXhat = (float) (sumDyXhat / c);
        for (int i = 0; i < c; i++) {
            float xhat = (x[xo + p + i] - mu) * rs, dy = g[go + p + i] * w[wo + i];
            d[p + i] = rs * (dy - meanDy - xhat * meanDyXhat);
        }
    }

    /** One row with float lanes: the two row sums lane by lane, then {@link VecMath#sumLanes} and the tail in order. */
    static void inputGradRow(float[] x, int xo, float[] w, int wo, float[] g, int go, float[] mean, float[] rstd,
                             float[] d, int row, int c) {
        int p = row * c, bound = S.loopBound(c), i = 0;
        float mu = mean == null ? 0f : mean[row], rs = rstd[row];
        FloatVector sDy = FloatVector.zero(S), sDyX = FloatVector.zero(S);
        for (; i < bound; i += S.length()) {
            FloatVector xhat = FloatVector.fromArray(S, x, xo + p + i).sub(mu).mul(rs);
            FloatVector dy = FloatVector.fromArray(S, g, go + p + i).mul(FloatVector.fromArray(S, w, wo + i));
            sDy = sDy.add(dy);
            sDyX = sDyX.add(dy.mul(xhat));
        }
        float sumDy = VecMath.sumLanes(sDy), sumDyXhat = VecMath.sumLanes(sDyX);
        for (; i < c; i++) {
            float xhat = (x[xo + p + i] - mu) * rs, dy = g[go + p + i] * w[wo + i];
            sumDy += dy;
            sumDyXhat += dy * xhat;
        }
        float meanDy = mean == null ? 0f : sumDy / c, meanDyXhat = sumDyXhat / c;
        for (i = 0; i < bound; i += S.length()) {
            FloatVector xhat = FloatVector.fromArray(S, x, xo + p + i).sub(mu).mul(rs);
            FloatVector dy = FloatVector.fromArray(S, g, go + p + i).mul(FloatVector.fromArray(S, w, wo + i));
            dy.sub(meanDy).sub(xhat.mul(meanDyXhat)).mul(rs).intoArray(d, p + i);
        }
        for (; i < c; i++) {
            float xhat = (x[xo + p + i] - mu) * rs, dy = g[go + p + i] * w[wo + i];
            d[p + i] = (dy - meanDy - xhat * meanDyXhat) * rs;
        }
    }

    /** Columns [c0, c1): each column sums its rows in order (also the SIMD path's tail). */
    static void paramGradsNaive(float[] x, int xo, float[] g, int go, float[] mean, float[] rstd,
                                float[] dw, float[] db, int rows, int c, int c0, int c1) {
        for (int i = c0; i < c1; i++) {
            float sw = 0f, sb = 0f;
            for (int row = 0; row < rows; row++) {
                int p = row * c + i;
                float gv = g[go + p];
                sw += gv * ((x[xo + p] - (mean == null ? 0f : mean[row])) * rstd[row]);
                sb += gv;
            }
            dw[i] = sw;
            if (db != null) db[i] = sb;
        }
    }

    /** {@code nv} (1..4) whole vectors of columns from {@code col}: the sums stay in registers over all rows. */
    private static void paramGradsBlock(float[] x, int xo, float[] g, int go, float[] mean, float[] rstd,
                                        float[] dw, float[] db, int rows, int c, int col, int nv) {
        int lanes = S.length();
        FloatVector w0 = FloatVector.zero(S), w1 = w0, w2 = w0, w3 = w0, b0 = w0, b1 = w0, b2 = w0, b3 = w0;
        for (int row = 0; row < rows; row++) {
            int p = row * c + col;
            float mu = mean == null ? 0f : mean[row], rs = rstd[row];
            FloatVector gv = FloatVector.fromArray(S, g, go + p);
            w0 = w0.add(gv.mul(FloatVector.fromArray(S, x, xo + p).sub(mu).mul(rs)));
            b0 = b0.add(gv);
            if (nv > 1) {
                gv = FloatVector.fromArray(S, g, go + p + lanes);
                w1 = w1.add(gv.mul(FloatVector.fromArray(S, x, xo + p + lanes).sub(mu).mul(rs)));
                b1 = b1.add(gv);
            }
            if (nv > 2) {
                gv = FloatVector.fromArray(S, g, go + p + 2 * lanes);
                w2 = w2.add(gv.mul(FloatVector.fromArray(S, x, xo + p + 2 * lanes).sub(mu).mul(rs)));
                b2 = b2.add(gv);
            }
            if (nv > 3) {
                gv = FloatVector.fromArray(S, g, go + p + 3 * lanes);
                w3 = w3.add(gv.mul(FloatVector.fromArray(S, x, xo + p + 3 * lanes).sub(mu).mul(rs)));
                b3 = b3.add(gv);
            }
        }
        w0.intoArray(dw, col);
        if (nv > 1) w1.intoArray(dw, col + lanes);
        if (nv > 2) w2.intoArray(dw, col + 2 * lanes);
        if (nv > 3) w3.intoArray(dw, col + 3 * lanes);
        if (db == null) return;
        b0.intoArray(db, col);
        if (nv > 1) b1.intoArray(db, col + lanes);
        if (nv > 2) b2.intoArray(db, col + 2 * lanes);
        if (nv > 3) b3.intoArray(db, col + 3 * lanes);
    }
}
