package dev.autodidact.tensor.kernel;

import static dev.autodidact.tensor.kernel.SgemmMicroKernel.L;
import static dev.autodidact.tensor.kernel.SgemmMicroKernel.MR;
import static dev.autodidact.tensor.kernel.SgemmMicroKernel.NR;

import dev.autodidact.tensor.Parallel;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import jdk.incubator.vector.FloatVector;

/**
 * Packed, cache-blocked SGEMM in the GotoBLAS/BLIS structure ("Anatomy of High-Performance
 * Matrix Multiplication", Goto and van de Geijn; "BLIS: A Framework for Rapidly Instantiating
 * BLAS Functionality", Van Zee and van de Geijn), with the loops arranged for row-major C and a
 * broadcast-A × vector-B register tile ({@link SgemmMicroKernel}).
 *
 * <p>Loops, outermost first, for one block of C of at most {@code NC} columns:
 * <pre>
 *   for pc in K step KC:        pack B[pc:pc+KC, block]  → bPack (KC × NC, L2-resident)
 *     for ir in rows step MR:   pack A[ir:ir+MR, pc:pc+KC] → aPack (MR × KC, L1-resident)
 *       for jr in block step NR: 6 × NR register tile over kc
 * </pre>
 * Packing absorbs every transpose combination, so the micro-kernel sees one layout, and removes
 * the cache-set conflicts of power-of-two leading dimensions. alpha is folded into the packed A.
 * A tile goes straight into C when it is whole and C = alpha·A·B; otherwise (beta, later K
 * blocks, edge tiles with fewer than MR rows or a partial vector) into a scratch tile, from which
 * {@link #epilogue} finishes C.
 *
 * <p>Threads: the output is cut into units of MR rows × NC columns per batch entry, ordered
 * (batch, column block, row block); {@link Parallel#forRange} hands each thread a contiguous run
 * of units, so a thread packs each B block it needs once. K is never split, and tile boundaries
 * are fixed multiples of MR and NC, so every element is computed by the same instructions
 * whatever the thread count: results are bit-identical for 1 or N threads.
 *
 * <p>Packing buffers live in one {@link Workspace} per thread and are sized for the largest
 * block, so steady-state calls allocate nothing. The packed B block is off-heap and 64-byte
 * aligned: in a heap array its alignment was wherever the GC put it, and a misaligned run split
 * every B load across two cache lines — measured, 1 JVM in 6 ran Aᵀ·B a third slower, and S
 * training at 2 threads swung between 65 and 93 ms a step from one run to the next.
 */
final class SgemmPacked {
    /** Depth of one packed block for wide products: the A micro-panel (MR × KC floats, 6 KiB) stays in L1. */
    static final int KC = 256;
    /** Width of one packed B block: KC × NC floats = 512 KiB, half of a Zen 4 core's L2. */
    static final int NC = roundUp(512, NR);
    /** Deepest block, for narrow products: MR × KC_MAX floats = 12 KiB of L1. */
    static final int KC_MAX = 512;
    /** Smallest amount of work worth waking another thread for. */
    private static final double MIN_FLOPS_PER_CHUNK = 1 << 20;

    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT;
    private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);
    private static final ThreadLocal<Job> JOB = ThreadLocal.withInitial(Job::new);

    private SgemmPacked() {}

    /** Per-thread packing buffers, allocated once at their largest size. */
    static final class Workspace {
        // Off-heap and 64-byte aligned: every B vector load of the micro-kernel is then one cache
        // line (a heap array starts wherever the GC put it, and moves).
        final MemorySegment bPack = Arena.ofAuto().allocate((long) KC * NC * Float.BYTES, 64); // (NC/NR) micro-panels of (kc, NR)
        final float[] aPack = new float[KC_MAX * MR]; // (kc, MR)
        final float[] tile = new float[MR * NR];  // (MR, NR) scratch for edge tiles
    }

    /** Arguments of one call, reused per calling thread so that a call allocates no closure. */
    private static final class Job implements Parallel.RangeBody {
        boolean busy, transA, transB;
        int M, N, K, mTiles, nTiles, aOff, aBatchStride, lda, bOff, bBatchStride, ldb, cOff, cBatchStride, ldc;
        float alpha, beta;
        float[] a, b, c;

        @Override
        public void run(int lo, int hi) {
            Workspace ws = WORKSPACE.get();
            int perBatch = mTiles * nTiles;
            for (int u = lo; u < hi; ) {
                int bt = u / perBatch, rem = u - bt * perBatch;
                int nt = rem / mTiles, mt = rem - nt * mTiles;
                int end = Math.min(hi, u - mt + mTiles); // this run of row tiles shares one B block
                int m0 = mt * MR, m1 = Math.min(M, (mt + end - u) * MR);
                int n0 = nt * NC, n1 = Math.min(N, n0 + NC);
                block(ws, transA, transB, m0, m1, n0, n1, K, alpha,
                        a, aOff + bt * aBatchStride, lda, b, bOff + bt * bBatchStride, ldb,
                        beta, c, cOff + bt * cBatchStride, ldc);
                u = end;
            }
        }
    }

    /** Arguments as {@link Sgemm#gemmBatched}, already checked; M, N, K, batch >= 1, alpha != 0. */
    static void gemmBatched(int batch, boolean transA, boolean transB, int M, int N, int K, float alpha,
                            float[] a, int aOff, int aBatchStride, int lda,
                            float[] b, int bOff, int bBatchStride, int ldb,
                            float beta, float[] c, int cOff, int cBatchStride, int ldc) {
        int mTiles = (M + MR - 1) / MR, nTiles = (N + NC - 1) / NC;
        int units = batch * mTiles * nTiles; // <= batch·M·N <= c.length: the C views do not overlap
        double unitFlops = 2.0 * MR * Math.min(N, NC) * (double) K;
        int grain = (int) Math.max(1, Math.min(units, Math.ceil(MIN_FLOPS_PER_CHUNK / unitFlops)));
        Job job = JOB.get();
        if (job.busy) job = new Job(); // re-entered from inside a call on this thread: rare, keep it correct
        job.busy = true;
        job.transA = transA; job.transB = transB;
        job.M = M; job.N = N; job.K = K; job.mTiles = mTiles; job.nTiles = nTiles;
        job.alpha = alpha; job.beta = beta;
        job.a = a; job.aOff = aOff; job.aBatchStride = aBatchStride; job.lda = lda;
        job.b = b; job.bOff = bOff; job.bBatchStride = bBatchStride; job.ldb = ldb;
        job.c = c; job.cOff = cOff; job.cBatchStride = cBatchStride; job.ldc = ldc;
        try {
            Parallel.forRange(units, grain, job);
        } finally {
            job.a = null; job.b = null; job.c = null;
            job.busy = false;
        }
    }

    /** C[m0:m1, n0:n1] of one product; m0 is a multiple of MR, n1 - n0 <= NC. */
    static void block(Workspace ws, boolean transA, boolean transB, int m0, int m1, int n0, int n1, int K, float alpha,
                      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                      float beta, float[] c, int cOff, int ldc) {
        MemorySegment bPack = ws.bPack;
        float[] aPack = ws.aPack;
        int nc = n1 - n0, depth = depth(n1 - n0);
        for (int pc = 0; pc < K; pc += depth) {
            int kc = Math.min(depth, K - pc);
            // Later K blocks add onto what the earlier ones left in C.
            float bet = pc == 0 ? beta : 1f;
            packB(transB, b, bOff, ldb, pc, kc, n0, nc, bPack);
            for (int ir = m0; ir < m1; ir += MR) {
                int mr = Math.min(MR, m1 - ir);
                packA(transA, a, aOff, lda, ir, mr, pc, kc, aPack, alpha);
                for (int jr = 0; jr < nc; jr += NR) {
                    int nr = Math.min(NR, nc - jr);
                    int bo = (jr / NR) * kc * NR;
                    int co = cOff + ir * ldc + n0 + jr;
                    int nv = (nr + L - 1) / L;
                    // alpha is folded into the packed A, so C = alpha·A·B is also a raw tile.
                    if (mr == MR && nr == nv * L && bet == 0f) {
                        tiles(nv, kc, aPack, bPack, bo, c, co, ldc); // C = A·B: the raw tile is the answer
                    } else {
                        tiles(nv, kc, aPack, bPack, bo, ws.tile, 0, NR);
                        epilogue(ws.tile, mr, nr, 1f, bet, c, co, ldc);
                    }
                }
            }
        }
    }

    /**
     * K-block depth for a block of nc columns: as deep as keeps the packed B block within KC × NC
     * floats (L2) and the A micro-panel within KC_MAX × MR (L1). Narrow products (N ≤ 256: the
     * S preset's K = 512 projections and N = 128 weight gradients) then run half as many K
     * blocks, each of which after the first goes through the scratch tile and {@link #epilogue}
     * (measured +5–10 % at those shapes; 1024 deep was slower for Aᵀ·B). It depends only on the
     * shape, so results stay independent of the thread count.
     */
    static int depth(int nc) {
        int panels = roundUp(nc, NR);
        return Math.max(KC, Math.min(KC_MAX, KC * NC / panels / 8 * 8));
    }

    /** Raw 6 × nv-vector tile as register tiles of 4, 2 and 1 vectors. */
    private static void tiles(int nv, int kc, float[] aPack, MemorySegment bPack, int bo, float[] c, int co, int ldc) {
        int v = 0;
        for (; v + 4 <= nv && SgemmMicroKernel.NRV >= 4; v += 4) {
            SgemmMicroKernel.tile6x4(kc, aPack, bPack, bo + v * L, c, co + v * L, ldc);
        }
        for (; v + 2 <= nv; v += 2) {
            SgemmMicroKernel.tile6x2(kc, aPack, bPack, bo + v * L, c, co + v * L, ldc);
        }
        if (v < nv) SgemmMicroKernel.tile6x1(kc, aPack, bPack, bo + v * L, c, co + v * L, ldc);
    }

    /**
     * C[0:mr, 0:nr] = alpha·T + beta·C for a raw tile T (row stride NR), where beta == 0 does not
     * read C. Vector lanes and the scalar tail do the same multiply, multiply, add (never fused),
     * so an element's bits do not depend on where the tile or vector boundaries fall.
     */
    static void epilogue(float[] t, int mr, int nr, float alpha, float beta, float[] c, int co, int ldc) {
        for (int r = 0; r < mr; r++) {
            int ti = r * NR, ci = co + r * ldc, j = 0;
            for (; j + L <= nr; j += L) {
                FloatVector v = FloatVector.fromArray(SgemmMicroKernel.S, t, ti + j).mul(alpha);
                if (beta != 0f) v = v.add(FloatVector.fromArray(SgemmMicroKernel.S, c, ci + j).mul(beta));
                v.intoArray(c, ci + j);
            }
            for (; j < nr; j++) c[ci + j] = beta == 0f ? alpha * t[ti + j] : alpha * t[ti + j] + beta * c[ci + j];
        }
    }

    /**
     * Packs op(A)[row0:row0+mr, pc:pc+kc] as aPack[k*MR + r]; rows mr..MR-1 are zero so the
     * register tile can always run all MR rows.
     */
    static void packA(boolean transA, float[] a, int aOff, int lda, int row0, int mr, int pc, int kc, float[] aPack, float alpha) {
        // alpha·A is packed (alpha = 1 copies exactly): the scaled product (attention scores) then
        // stores its tiles directly instead of going through the scratch tile and epilogue, which
        // cost as much as the tile itself at the attention's K = 32.
        if (transA) {
            // stored (K, M): the MR values of one k are contiguous
            for (int k = 0; k < kc; k++) {
                int src = aOff + (pc + k) * lda + row0, dst = k * MR;
                int r = 0;
                for (; r < mr; r++) aPack[dst + r] = alpha * a[src + r];
                for (; r < MR; r++) aPack[dst + r] = 0f;
            }
        } else {
            // stored (M, K): gather one k from MR rows
            for (int r = 0; r < mr; r++) {
                int src = aOff + (row0 + r) * lda + pc;
                for (int k = 0; k < kc; k++) aPack[k * MR + r] = alpha * a[src + k];
            }
            for (int r = mr; r < MR; r++) {
                for (int k = 0; k < kc; k++) aPack[k * MR + r] = 0f;
            }
        }
    }

    /**
     * Packs op(B)[pc:pc+kc, col0:col0+nc] as micro-panels of NR columns: column j of panel p at
     * bPack[p*kc*NR + k*NR + (j - p*NR)]. A last, narrower panel is zero-padded to whole vectors.
     */
    static void packB(boolean transB, float[] b, int bOff, int ldb, int pc, int kc, int col0, int nc, MemorySegment bPack) {
        for (int jr = 0; jr < nc; jr += NR) {
            int nr = Math.min(NR, nc - jr), padded = roundUp(nr, L);
            int base = (jr / NR) * kc * NR;
            if (!transB) {
                // stored (K, N): one k row of the panel is a contiguous run
                for (int k = 0; k < kc; k++) {
                    int dst = base + k * NR;
                    MemorySegment.copy(b, bOff + (pc + k) * ldb + col0 + jr, bPack, F, (long) dst * Float.BYTES, nr);
                    for (int j = nr; j < padded; j++) bPack.setAtIndex(F, dst + j, 0f);
                }
            } else {
                // stored (N, K): a transpose, 4 source rows at a time (4 read streams, 16-byte writes)
                int j = 0;
                for (; j + 4 <= nr; j += 4) {
                    int s0 = bOff + (col0 + jr + j) * ldb + pc, s1 = s0 + ldb, s2 = s1 + ldb, s3 = s2 + ldb;
                    for (int k = 0, dst = base + j; k < kc; k++, dst += NR) {
                        bPack.setAtIndex(F, dst, b[s0 + k]);
                        bPack.setAtIndex(F, dst + 1, b[s1 + k]);
                        bPack.setAtIndex(F, dst + 2, b[s2 + k]);
                        bPack.setAtIndex(F, dst + 3, b[s3 + k]);
                    }
                }
                for (; j < nr; j++) {
                    int src = bOff + (col0 + jr + j) * ldb + pc;
                    for (int k = 0, dst = base + j; k < kc; k++, dst += NR) bPack.setAtIndex(F, dst, b[src + k]);
                }
                for (int k = 0; k < kc; k++) {
                    int dst = base + k * NR;
                    for (int z = nr; z < padded; z++) bPack.setAtIndex(F, dst + z, 0f);
                }
            }
        }
    }

    static int roundUp(int x, int m) {
        return (x + m - 1) / m * m;
    }
}
