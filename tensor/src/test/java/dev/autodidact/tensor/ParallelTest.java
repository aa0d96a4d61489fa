package dev.autodidact.tensor;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

class ParallelTest {

    @Test
    void everyIndexRunsExactlyOnce() {
        int before = Parallel.threads();
        try {
            for (int t = 1; t <= 3; t++) {
                Parallel.setThreads(t);
                int[] hits = new int[10_007];
                for (int rep = 0; rep < 50; rep++) Parallel.forRange(hits.length, 1, (lo, hi) -> { for (int i = lo; i < hi; i++) hits[i]++; });
                for (int h : hits) assertEquals(50, h);
            }
        } finally {
            Parallel.setThreads(before);
        }
    }

    @Test
    void nestedRegionsRunInline() {
        AtomicInteger count = new AtomicInteger();
        Parallel.forRange(4, 1, (lo, hi) -> { for (int i = lo; i < hi; i++) Parallel.forRange(100, 1, (a, b) -> count.addAndGet(b - a)); });
        assertEquals(400, count.get());
    }

    @Test
    void workerExceptionsReachTheCaller() {
        int before = Parallel.threads();
        try {
            Parallel.setThreads(2);
            var ex = assertThrows(IllegalStateException.class, () -> Parallel.forRange(1000, 1, (lo, hi) -> {
                if (lo > 0) throw new IllegalStateException("boom at " + lo);
            }));
            assertTrue(ex.getMessage().startsWith("boom at"));
            AtomicInteger ok = new AtomicInteger();
            Parallel.forRange(1000, 1, (lo, hi) -> ok.addAndGet(hi - lo));
            assertEquals(1000, ok.get(), "the pool still works after a failure");
        } finally {
            Parallel.setThreads(before);
        }
    }

    @Test
    void badThreadCountIsRejected() {
        var ex = assertThrows(IllegalArgumentException.class, () -> Parallel.setThreads(0));
        assertTrue(ex.getMessage().contains("0"));
    }
}
