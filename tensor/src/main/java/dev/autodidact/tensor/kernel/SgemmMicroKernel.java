package dev.autodidact.tensor.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Register tiles of the packed SGEMM: a 6-row × (4, 2 or 1)-vector block of C kept in registers
 * while k runs over one packed KC block (broadcast-A × vector-B outer products, no horizontal
 * reductions).
 *
 * <p>Operands, as {@link SgemmPacked} lays them out: the A micro-panel holds {@code MR} floats
 * per k ({@code ap[k*MR + r]}, row r of the tile), the B micro-panel {@code NR} floats per k
 * ({@code bp[bo + k*NR + j]}). Each accumulator vector is a plain local so C2 keeps all of them
 * in registers: 6×4 = 24 accumulators + 4 B vectors + 1 broadcast fit AVX-512's 32 registers.
 *
 * <p>Epilogue: C = alpha·acc + beta·C, as a multiply then an add (never fused), where beta == 0
 * does not read C. {@link SgemmPacked}'s scalar edge code repeats exactly that arithmetic, so
 * an element gets the same bits whether it sits in a full tile or an edge tile.
 */
final class SgemmMicroKernel {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();
    /** Rows of the register tile. */
    static final int MR = 6;
    /**
     * Vectors across the widest tile: 4 when vectors are 512-bit (32 registers on AVX-512), else 2,
     * so that the 6×NRV accumulators never spill on 16-register machines (AVX2).
     */
    static final int NRV = L >= 16 ? 4 : 2;
    /** Columns of the widest tile, and the row stride of packed B micro-panels. */
    static final int NR = NRV * L;

    private SgemmMicroKernel() {}

    /** C[0:6, 0:4L] (at c[co + r*ldc + j]) = alpha·Apanel·Bpanel + beta·C over kc steps. */
    static void tile6x4(int kc, float[] ap, float[] bp, int bo, float[] c, int co, int ldc, float alpha, float beta) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00, c03 = c00;
        FloatVector c10 = c00, c11 = c00, c12 = c00, c13 = c00;
        FloatVector c20 = c00, c21 = c00, c22 = c00, c23 = c00;
        FloatVector c30 = c00, c31 = c00, c32 = c00, c33 = c00;
        FloatVector c40 = c00, c41 = c00, c42 = c00, c43 = c00;
        FloatVector c50 = c00, c51 = c00, c52 = c00, c53 = c00;
        for (int k = 0; k < kc; k++) {
            int bi = bo + k * NR, ai = k * MR;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + L);
            FloatVector b2 = FloatVector.fromArray(S, bp, bi + 2 * L);
            FloatVector b3 = FloatVector.fromArray(S, bp, bi + 3 * L);
            FloatVector x = FloatVector.broadcast(S, ap[ai]);
            c00 = x.fma(b0, c00); c01 = x.fma(b1, c01); c02 = x.fma(b2, c02); c03 = x.fma(b3, c03);
            x = FloatVector.broadcast(S, ap[ai + 1]);
            c10 = x.fma(b0, c10); c11 = x.fma(b1, c11); c12 = x.fma(b2, c12); c13 = x.fma(b3, c13);
            x = FloatVector.broadcast(S, ap[ai + 2]);
            c20 = x.fma(b0, c20); c21 = x.fma(b1, c21); c22 = x.fma(b2, c22); c23 = x.fma(b3, c23);
            x = FloatVector.broadcast(S, ap[ai + 3]);
            c30 = x.fma(b0, c30); c31 = x.fma(b1, c31); c32 = x.fma(b2, c32); c33 = x.fma(b3, c33);
            x = FloatVector.broadcast(S, ap[ai + 4]);
            c40 = x.fma(b0, c40); c41 = x.fma(b1, c41); c42 = x.fma(b2, c42); c43 = x.fma(b3, c43);
            x = FloatVector.broadcast(S, ap[ai + 5]);
            c50 = x.fma(b0, c50); c51 = x.fma(b1, c51); c52 = x.fma(b2, c52); c53 = x.fma(b3, c53);
        }
        store4(c00, c01, c02, c03, c, co, alpha, beta);
        store4(c10, c11, c12, c13, c, co + ldc, alpha, beta);
        store4(c20, c21, c22, c23, c, co + 2 * ldc, alpha, beta);
        store4(c30, c31, c32, c33, c, co + 3 * ldc, alpha, beta);
        store4(c40, c41, c42, c43, c, co + 4 * ldc, alpha, beta);
        store4(c50, c51, c52, c53, c, co + 5 * ldc, alpha, beta);
    }

    /** As {@link #tile6x4} for a 6 × 2-vector tile (bp is still laid out with row stride NR). */
    static void tile6x2(int kc, float[] ap, float[] bp, int bo, float[] c, int co, int ldc, float alpha, float beta) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00;
        FloatVector c10 = c00, c11 = c00;
        FloatVector c20 = c00, c21 = c00;
        FloatVector c30 = c00, c31 = c00;
        FloatVector c40 = c00, c41 = c00;
        FloatVector c50 = c00, c51 = c00;
        for (int k = 0; k < kc; k++) {
            int bi = bo + k * NR, ai = k * MR;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + L);
            FloatVector x = FloatVector.broadcast(S, ap[ai]);
            c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, ap[ai + 1]);
            c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, ap[ai + 2]);
            c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, ap[ai + 3]);
            c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, ap[ai + 4]);
            c40 = x.fma(b0, c40); c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, ap[ai + 5]);
            c50 = x.fma(b0, c50); c51 = x.fma(b1, c51);
        }
        store2(c00, c01, c, co, alpha, beta);
        store2(c10, c11, c, co + ldc, alpha, beta);
        store2(c20, c21, c, co + 2 * ldc, alpha, beta);
        store2(c30, c31, c, co + 3 * ldc, alpha, beta);
        store2(c40, c41, c, co + 4 * ldc, alpha, beta);
        store2(c50, c51, c, co + 5 * ldc, alpha, beta);
    }

    /** As {@link #tile6x4} for a 6 × 1-vector tile. */
    static void tile6x1(int kc, float[] ap, float[] bp, int bo, float[] c, int co, int ldc, float alpha, float beta) {
        FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0;
        for (int k = 0; k < kc; k++) {
            int ai = k * MR;
            FloatVector b0 = FloatVector.fromArray(S, bp, bo + k * NR);
            c0 = FloatVector.broadcast(S, ap[ai]).fma(b0, c0);
            c1 = FloatVector.broadcast(S, ap[ai + 1]).fma(b0, c1);
            c2 = FloatVector.broadcast(S, ap[ai + 2]).fma(b0, c2);
            c3 = FloatVector.broadcast(S, ap[ai + 3]).fma(b0, c3);
            c4 = FloatVector.broadcast(S, ap[ai + 4]).fma(b0, c4);
            c5 = FloatVector.broadcast(S, ap[ai + 5]).fma(b0, c5);
        }
        store1(c0, c, co, alpha, beta);
        store1(c1, c, co + ldc, alpha, beta);
        store1(c2, c, co + 2 * ldc, alpha, beta);
        store1(c3, c, co + 3 * ldc, alpha, beta);
        store1(c4, c, co + 4 * ldc, alpha, beta);
        store1(c5, c, co + 5 * ldc, alpha, beta);
    }

    private static void store4(FloatVector v0, FloatVector v1, FloatVector v2, FloatVector v3,
                               float[] c, int i, float alpha, float beta) {
        store1(v0, c, i, alpha, beta);
        store1(v1, c, i + L, alpha, beta);
        store1(v2, c, i + 2 * L, alpha, beta);
        store1(v3, c, i + 3 * L, alpha, beta);
    }

    private static void store2(FloatVector v0, FloatVector v1, float[] c, int i, float alpha, float beta) {
        store1(v0, c, i, alpha, beta);
        store1(v1, c, i + L, alpha, beta);
    }

    private static void store1(FloatVector acc, float[] c, int i, float alpha, float beta) {
        FloatVector r = acc.mul(alpha);
        if (beta == 1f) r = r.add(FloatVector.fromArray(S, c, i));
        else if (beta != 0f) r = r.add(FloatVector.fromArray(S, c, i).mul(beta));
        r.intoArray(c, i);
    }
}
