package dev.autodidact.rl.experiment;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static dev.autodidact.rl.experiment.MetricMaps.m;
import static org.junit.jupiter.api.Assertions.*;

class CompletionsLogTest {
    @TempDir
    Path dir;

    @Test
    void completionsRoundTripAndRollBack() throws Exception {
        Path file = dir.resolve("completions.jsonl");
        try (CompletionsLog log = CompletionsLog.open(file)) {
            for (long step : new long[] {3, 6})
                log.append(List.of(new Completion(step, 0, 0, "12+34=", "<think>…</think><ans>46</ans>", "46", 1, m("majority_vote", 1), 0.5),
                        new Completion(step, 0, 1, "12+34=", "<ans>x", "", 0, m("majority_vote", 0), -0.5)));
        }
        List<Completion> all = CompletionsLog.read(file);
        assertEquals(4, all.size());
        assertEquals("<think>…</think><ans>46</ans>", all.getFirst().completion());
        assertEquals(-0.5, all.get(1).advantage());
        assertEquals(2, CompletionsLog.truncateAfter(file, 5));
        assertEquals(2, CompletionsLog.read(file).size());
    }
}
