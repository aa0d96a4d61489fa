package dev.autodidact.rl.train;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class StageTimesTest {
    @Test
    void sumsEachStageOverStepsAndNamesTheSlowest() {
        StageTimes t = new StageTimes();
        t.add(Map.of("time/gen_s", 2.0, "time/score_s", 0.5, "time/update_s", 1.0, "reward/mean", 7.0));
        t.add(Map.of("time/gen_s", 2.0, "time/score_s", 0.5, "time/update_s", 3.0, "time/eval_s", 1.0));
        assertEquals(4.0, t.seconds("time/gen_s"));
        assertEquals(4.0, t.seconds("time/update_s"));
        assertEquals(1.0, t.seconds("time/eval_s"));
        assertEquals("generate", t.slowest(), "a tie goes to the earlier stage");
        t.add(Map.of("time/update_s", 0.5));
        assertEquals("update", t.slowest());
        assertEquals("time: generate 4.0 s (38%), score 1.0 s (10%), update 4.5 s (43%), eval 1.0 s (10%); slowest: update", t.line());
        assertThrows(IllegalArgumentException.class, () -> t.seconds("time/step_s"));
    }
}
