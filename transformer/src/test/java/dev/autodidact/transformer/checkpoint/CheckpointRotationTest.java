package dev.autodidact.transformer.checkpoint;

import dev.autodidact.transformer.ModelConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class CheckpointRotationTest {
    @TempDir
    Path dir;

    static final ModelConfig CONFIG = ModelConfig.gpt2Style(12, 16, 2, 2, 8);

    /** A real (tiny) checkpoint whose trainer state is at {@code step}. */
    static Checkpoint checkpoint(long step) {
        return Checkpoint.of(CONFIG, CheckpointTest.parameters(CONFIG, step), CheckpointTest.TOKENIZER)
                .withTrainer(new TrainerState(step, new long[] {step * 31}, step * 8, Map.of()));
    }

    private List<String> names(CheckpointRotation r) throws Exception {
        return r.checkpoints().stream().map(p -> p.getFileName().toString()).toList();
    }

    @Test
    void keepsOnlyTheNewestAndTheLatestIsTheHighestStep() throws Exception {
        CheckpointRotation r = new CheckpointRotation(dir.resolve("checkpoints"), 1);
        assertTrue(r.latest().isEmpty());
        for (long step : new long[] {5, 10, 100}) r.save(step, checkpoint(step));
        assertEquals(List.of("step-00000100"), names(r));
        assertEquals(100, Checkpoint.load(r.latest().orElseThrow()).trainer().orElseThrow().step());
    }

    @Test
    void stepsOrderNumericallyAndLeftoversOfAnInterruptedSaveAreIgnored() throws Exception {
        Path cps = dir.resolve("checkpoints");
        CheckpointRotation r = new CheckpointRotation(cps, 3);
        r.save(9, checkpoint(9));
        r.save(10, checkpoint(10));
        Files.createDirectories(cps.resolve(".step-00000011.partial-x")); // a crash during the next save
        assertEquals(List.of("step-00000009", "step-00000010"), names(r));
        assertEquals(cps.resolve("step-00000010"), r.latest().orElseThrow());
        assertFalse(Files.exists(cps.resolve(".step-00000011.partial-x")), "latest() tidies what the interrupted save left");
    }

    @Test
    void aCheckpointForAnotherStepIsRefused() {
        CheckpointRotation r = new CheckpointRotation(dir, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.save(8, checkpoint(7)));
        assertEquals("checkpoint for step 8 carries trainer state of step 7", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new CheckpointRotation(dir, 0));
    }
}
