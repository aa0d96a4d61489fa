package dev.autodidact.rl.train;

import dev.autodidact.rl.experiment.TaskRegistry;
import dev.autodidact.rl.task.Task;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BasePolicyTest {
    static final Task ADD3 = TaskRegistry.task("add3");

    @Test
    void theDefaultsAreThePresetSModelAtEpsStep012() {
        BasePolicy.Spec s = BasePolicy.parse("noisy-teacher", ADD3);
        assertEquals("s", s.size());
        assertEquals(0.12, s.epsStep());
        assertEquals(1500, s.steps());
        assertEquals(s, BasePolicy.parse("noisy-teacher:eps=0.12,steps=1500", ADD3));
    }

    @Test
    void theCacheKeyChangesWithEverySettingAndWithTheTask() {
        String h = BasePolicy.parse("noisy-teacher", ADD3).hash();
        assertEquals(h, BasePolicy.parse("noisy-teacher", ADD3).hash());
        for (String other : new String[] {"noisy-teacher:eps=0.08", "noisy-teacher:steps=600", "noisy-teacher:size=tiny", "noisy-teacher:seed=1",
                "noisy-teacher:lr=0.001", "noisy-teacher:batch=16"})
            assertNotEquals(h, BasePolicy.parse(other, ADD3).hash(), other);
        assertNotEquals(h, BasePolicy.parse("noisy-teacher", TaskRegistry.task("add")).hash(), "ADD-2..4 and ADD-3 are different bases");
    }

    @Test
    void unknownSettingsAndNonBasesAreRefusedWithTheKnownKeys() {
        var e = assertThrows(IllegalArgumentException.class, () -> BasePolicy.parse("noisy-teacher:epsilon=0.1", ADD3));
        assertTrue(e.getMessage().contains("[size, eps, steps, batch, lr, seed]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BasePolicy.parse("noisy-teacher:size=xl", ADD3));
        assertFalse(BasePolicy.isNoisyTeacher("runs/base/checkpoint"));
        assertTrue(BasePolicy.isNoisyTeacher("noisy-teacher:size=tiny"));
    }
}
