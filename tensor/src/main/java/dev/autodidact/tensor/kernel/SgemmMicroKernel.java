package dev.autodidact.tensor.kernel;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Register tiles of the packed SGEMM: a 6-row × (4, 2 or 1)-vector block of C kept in registers
 * while k runs over one packed KC block (broadcast-A × vector-B outer products, no horizontal
 * reductions).
 *
 * <p>Operands, as {@link SgemmPacked} lays them out: the A micro-panel holds {@code MR} floats
 * per k ({@code ap[k*MR + r]}, row r of the tile), the B micro-panel {@code NR} floats per k
 * (float {@code bo + k*NR + j} of the off-heap, 64-byte-aligned segment {@code bp}, so each B
 * vector load is exactly one cache line). Each accumulator vector is a plain local so C2 keeps all of them
 * in registers: 6×4 = 24 accumulators + 4 B vectors + 1 broadcast fit AVX-512's 32 registers.
 *
 * <p>The tiles store the raw sums and nothing else: C2 inlines a bounded amount of Vector API
 * code per method, and a 6×4 tile that also scaled and added C (24 more vector expressions per
 * beta case) went over it, left calls out of line and boxed every vector — 10× slower. Scaling
 * by alpha and adding beta·C is {@link SgemmPacked#epilogue}'s job.
 */
final class SgemmMicroKernel {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
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

    /** Writes the raw 6 × 4L tile Apanel·Bpanel over kc steps to c[co + r*ldc + j]. */
    static void tile6x4(int kc, float[] ap, MemorySegment bp, int bo, float[] c, int co, int ldc) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00, c03 = c00;
        FloatVector c10 = c00, c11 = c00, c12 = c00, c13 = c00;
        FloatVector c20 = c00, c21 = c00, c22 = c00, c23 = c00;
        FloatVector c30 = c00, c31 = c00, c32 = c00, c33 = c00;
        FloatVector c40 = c00, c41 = c00, c42 = c00, c43 = c00;
        FloatVector c50 = c00, c51 = c00, c52 = c00, c53 = c00;
        for (int k = 0; k < kc; k++) {
            int bi = bo + k * NR, ai = k * MR;
            FloatVector b0 = FloatVector.fromMemorySegment(S, bp, (long) (bi) * Float.BYTES, ORDER);
            FloatVector b1 = FloatVector.fromMemorySegment(S, bp, (long) (bi + L) * Float.BYTES, ORDER);
            FloatVector b2 = FloatVector.fromMemorySegment(S, bp, (long) (bi + 2 * L) * Float.BYTES, ORDER);
            FloatVector b3 = FloatVector.fromMemorySegment(S, bp, (long) (bi + 3 * L) * Float.BYTES, ORDER);
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
        c00.intoArray(c, co); c01.intoArray(c, co + L); c02.intoArray(c, co + 2 * L); c03.intoArray(c, co + 3 * L);
        c10.intoArray(c, co + ldc); c11.intoArray(c, co + ldc + L); c12.intoArray(c, co + ldc + 2 * L); c13.intoArray(c, co + ldc + 3 * L);
        c20.intoArray(c, co + 2 * ldc); c21.intoArray(c, co + 2 * ldc + L); c22.intoArray(c, co + 2 * ldc + 2 * L); c23.intoArray(c, co + 2 * ldc + 3 * L);
        c30.intoArray(c, co + 3 * ldc); c31.intoArray(c, co + 3 * ldc + L); c32.intoArray(c, co + 3 * ldc + 2 * L); c33.intoArray(c, co + 3 * ldc + 3 * L);
        c40.intoArray(c, co + 4 * ldc); c41.intoArray(c, co + 4 * ldc + L); c42.intoArray(c, co + 4 * ldc + 2 * L); c43.intoArray(c, co + 4 * ldc + 3 * L);
        c50.intoArray(c, co + 5 * ldc); c51.intoArray(c, co + 5 * ldc + L); c52.intoArray(c, co + 5 * ldc + 2 * L); c53.intoArray(c, co + 5 * ldc + 3 * L);
    }

    /** As {@link #tile6x4} for a 6 × 2-vector tile (bp is still laid out with row stride NR). */
    static void tile6x2(int kc, float[] ap, MemorySegment bp, int bo, float[] c, int co, int ldc) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00;
        FloatVector c10 = c00, c11 = c00;
        FloatVector c20 = c00, c21 = c00;
        FloatVector c30 = c00, c31 = c00;
        FloatVector c40 = c00, c41 = c00;
        FloatVector c50 = c00, c51 = c00;
        for (int k = 0; k < kc; k++) {
            int bi = bo + k * NR, ai = k * MR;
            FloatVector b0 = FloatVector.fromMemorySegment(S, bp, (long) (bi) * Float.BYTES, ORDER);
            FloatVector b1 = FloatVector.fromMemorySegment(S, bp, (long) (bi + L) * Float.BYTES, ORDER);
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
        c00.intoArray(c, co); c01.intoArray(c, co + L);
        c10.intoArray(c, co + ldc); c11.intoArray(c, co + ldc + L);
        c20.intoArray(c, co + 2 * ldc); c21.intoArray(c, co + 2 * ldc + L);
        c30.intoArray(c, co + 3 * ldc); c31.intoArray(c, co + 3 * ldc + L);
        c40.intoArray(c, co + 4 * ldc); c41.intoArray(c, co + 4 * ldc + L);
        c50.intoArray(c, co + 5 * ldc); c51.intoArray(c, co + 5 * ldc + L);
    }

    /** As {@link #tile6x4} for a 6 × 1-vector tile. */
    static void tile6x1(int kc, float[] ap, MemorySegment bp, int bo, float[] c, int co, int ldc) {
        FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0;
        for (int k = 0; k < kc; k++) {
            int ai = k * MR;
            FloatVector b0 = FloatVector.fromMemorySegment(S, bp, (long) (bo + k * NR) * Float.BYTES, ORDER);
            c0 = FloatVector.broadcast(S, ap[ai]).fma(b0, c0);
            c1 = FloatVector.broadcast(S, ap[ai + 1]).fma(b0, c1);
            c2 = FloatVector.broadcast(S, ap[ai + 2]).fma(b0, c2);
            c3 = FloatVector.broadcast(S, ap[ai + 3]).fma(b0, c3);
            c4 = FloatVector.broadcast(S, ap[ai + 4]).fma(b0, c4);
            c5 = FloatVector.broadcast(S, ap[ai + 5]).fma(b0, c5);
        }
        c0.intoArray(c, co);
        c1.intoArray(c, co + ldc);
        c2.intoArray(c, co + 2 * ldc);
        c3.intoArray(c, co + 3 * ldc);
        c4.intoArray(c, co + 4 * ldc);
        c5.intoArray(c, co + 5 * ldc);
    }

}
