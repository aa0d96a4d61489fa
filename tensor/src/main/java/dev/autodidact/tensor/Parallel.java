package dev.autodidact.tensor;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The one persistent worker pool every kernel runs on.
 *
 * <p>Work is split into a number of chunks that depends only on the problem size, the grain and
 * the configured thread count — never on which worker happens to be free — so a kernel whose
 * chunks are independent gives bit-identical results on every run with the same thread count.
 * Calls made from inside a parallel region run inline (no nested parallelism, no deadlock).
 *
 * <p>The thread count comes from {@code -Dautodidact.threads=N}, else the environment variable
 * {@code AUTODIDACT_THREADS}, else the number of available processors; {@link #setThreads}
 * changes it at run time (benchmarks compare 1 and 2 threads in one JVM).
 */
public final class Parallel {

    /** Body of a parallel loop over the half-open index range [lo, hi). */
    @FunctionalInterface
    public interface RangeBody {
        void run(int lo, int hi);
    }

    private static final int SPIN_BEFORE_PARK = 20_000;
    private static volatile int threads = configuredThreads();
    private static Pool pool;

    private Parallel() {}

    /** Number of threads kernels use, including the calling thread. */
    public static int threads() {
        return threads;
    }

    /** Sets the number of threads kernels use (at least 1). */
    public static synchronized void setThreads(int n) {
        if (n < 1) throw new IllegalArgumentException("Parallel.setThreads: thread count must be >= 1, got " + n);
        threads = n;
    }

    /**
     * Runs {@code body} over [0, n) split into contiguous chunks of at least {@code grain}
     * indices, at most one chunk per thread. Runs inline when one chunk suffices.
     */
    public static void forRange(int n, int grain, RangeBody body) {
        if (n <= 0) return;
        int t = threads;
        int chunks = (int) Math.min(t, Math.max(1L, n / (long) Math.max(1, grain)));
        if (chunks <= 1 || Pool.insideRegion()) {
            body.run(0, n);
            return;
        }
        pool(t).run(n, chunks, body);
    }

    /** Splits [0, n) into {@code chunks} near-equal ranges and returns the start of chunk {@code c}. */
    public static int chunkStart(int n, int chunks, int c) {
        return (int) ((long) n * c / chunks);
    }

    private static synchronized Pool pool(int t) {
        if (pool == null || pool.workers.length < t - 1) {
            if (pool != null) pool.shutdown();
            pool = new Pool(t - 1);
        }
        return pool;
    }

    private static int configuredThreads() {
        String p = System.getProperty("autodidact.threads");
        String e = System.getenv("AUTODIDACT_THREADS");
        String v = p != null ? p : e;
        if (v == null || v.isBlank()) return Runtime.getRuntime().availableProcessors();
        try {
            int n = Integer.parseInt(v.trim());
            if (n < 1) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException ex) {
            throw new IllegalArgumentException((p != null ? "system property autodidact.threads" : "environment variable AUTODIDACT_THREADS")
                    + " must be a positive integer, got '" + v + "'");
        }
    }

    /** Workers that wait for a generation counter to move, then claim chunks of the current job. */
    private static final class Pool {
        private static final ThreadLocal<Boolean> CALLER_INSIDE = ThreadLocal.withInitial(() -> false);

        final Worker[] workers;
        private volatile long generation;
        private volatile boolean stopped;
        // The current job; written by the caller before generation is bumped (volatile publish).
        private int jobN, jobChunks;
        private RangeBody jobBody;
        // High 32 bits: the job's generation; low 32 bits: the next chunk to claim. A worker
        // still finishing an old job can then never claim a chunk of the next one.
        private final AtomicLong claim = new AtomicLong();
        private final AtomicInteger doneChunks = new AtomicInteger();
        private volatile Throwable failure;
        private volatile Thread caller;

        Pool(int n) {
            workers = new Worker[n];
            for (int i = 0; i < n; i++) {
                workers[i] = new Worker(this, i);
                workers[i].start();
            }
        }

        static boolean insideRegion() {
            return Thread.currentThread() instanceof Worker || CALLER_INSIDE.get();
        }

        synchronized void run(int n, int chunks, RangeBody body) {
            jobN = n;
            jobChunks = chunks;
            jobBody = body;
            failure = null;
            doneChunks.set(0);
            caller = Thread.currentThread();
            long gen = generation + 1;
            claim.set(gen << 32);
            generation = gen;
            for (Worker w : workers) LockSupport.unpark(w);
            CALLER_INSIDE.set(true);
            try {
                work(gen);
            } finally {
                CALLER_INSIDE.set(false);
            }
            int spins = 0;
            while (doneChunks.get() < chunks) {
                if (++spins < SPIN_BEFORE_PARK) Thread.onSpinWait();
                else LockSupport.parkNanos(50_000);
            }
            jobBody = null;
            Throwable f = failure;
            if (f instanceof RuntimeException re) throw re;
            if (f instanceof Error err) throw err;
            if (f != null) throw new RuntimeException(f);
        }

        void work(long gen) {
            int chunks = jobChunks, n = jobN;
            RangeBody body = jobBody;
            while (true) {
                long cur = claim.get();
                if ((cur >>> 32) != gen || (int) cur >= chunks) return;
                if (!claim.compareAndSet(cur, cur + 1)) continue;
                int c = (int) cur;
                try {
                    body.run(chunkStart(n, chunks, c), chunkStart(n, chunks, c + 1));
                } catch (Throwable t) {
                    if (failure == null) failure = t;
                }
                if (doneChunks.incrementAndGet() == chunks) LockSupport.unpark(caller);
            }
        }

        void shutdown() {
            stopped = true;
            for (Worker w : workers) LockSupport.unpark(w);
        }

        private static final class Worker extends Thread {
            private final Pool pool;

            Worker(Pool pool, int index) {
                super("autodidact-worker-" + index);
                this.pool = pool;
                setDaemon(true);
            }

            @Override
            public void run() {
                long seen = pool.generation;
                while (!pool.stopped) {
                    int spins = 0;
                    while (pool.generation == seen && !pool.stopped) {
                        if (++spins < SPIN_BEFORE_PARK) Thread.onSpinWait();
                        else LockSupport.park(this);
                    }
                    if (pool.stopped) return;
                    seen = pool.generation;
                    pool.work(seen);
                }
            }
        }
    }
}
