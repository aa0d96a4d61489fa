package dev.autodidact.rl.train;

import com.fasterxml.jackson.databind.JsonNode;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Comparison of two {@code metrics.jsonl} rows for the exact-resume tests. */
final class MetricRows {
    private MetricRows() {}

    /** Asserts every non-timing metric of {@code expected} is equal in {@code actual}; returns how many were compared. */
    static int assertSameExceptTime(JsonNode expected, JsonNode actual) {
        int compared = 0;
        for (var it = expected.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (k.equals("time") || k.startsWith("time/")) continue;
            assertEquals(expected.get(k), actual.get(k), k);
            compared++;
        }
        return compared;
    }
}
