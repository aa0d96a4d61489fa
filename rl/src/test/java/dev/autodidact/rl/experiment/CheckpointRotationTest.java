package dev.autodidact.rl.experiment;

import dev.autodidact.transformer.checkpoint.Checkpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class CheckpointRotationTest {
    @TempDir
    Path dir;

    private List<String> names(CheckpointRotation r) throws Exception {
        return r.checkpoints().stream().map(p -> p.getFileName().toString()).toList();
    }

    @Test
    void keepsOnlyTheNewestAndTheLatestIsTheHighestStep() throws Exception {
        CheckpointRotation r = new CheckpointRotation(dir.resolve("checkpoints"), 1);
        assertTrue(r.latest().isEmpty());
        for (long step : new long[] {5, 10, 100}) r.save(step, FakeTrainer.checkpoint(step));
        assertEquals(List.of("step-00000100"), names(r));
        assertEquals(100, Checkpoint.load(r.latest().orElseThrow()).trainer().orElseThrow().step());
    }

    @Test
    void stepsOrderNumericallyAndLeftoversOfAnInterruptedSaveAreIgnored() throws Exception {
        Path cps = dir.resolve("checkpoints");
        CheckpointRotation r = new CheckpointRotation(cps, 3);
        r.save(9, FakeTrainer.checkpoint(9));
        r.save(10, FakeTrainer.checkpoint(10));
        Files.createDirectories(cps.resolve(".step-00000011.partial-x")); // a crash during the next save
        assertEquals(List.of("step-00000009", "step-00000010"), names(r));
        assertEquals(cps.resolve("step-00000010"), r.latest().orElseThrow());
        assertFalse(Files.exists(cps.resolve(".step-00000011.partial-x")), "latest() tidies what the interrupted save left");
    }

    @Test
    void aCheckpointForAnotherStepIsRefused() {
        CheckpointRotation r = new CheckpointRotation(dir, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.save(8, FakeTrainer.checkpoint(7)));
        assertEquals("checkpoint for step 8 carries trainer state of step 7", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new CheckpointRotation(dir, 0));
    }
}
