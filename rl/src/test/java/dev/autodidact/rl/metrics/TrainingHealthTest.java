package dev.autodidact.rl.metrics;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class TrainingHealthTest {

    @Test
    void groupsWithAllEqualRewardsAreCountedAsNoSignal() {
        double[][] step = {{1, 1, 1}, {0, 0, 0}, {1, 0, 1}, {0.5, 0.5, 0.5}};
        assertEquals(0.75, TrainingHealth.allEqualGroupFraction(step));
        TrainingHealth.Warning w = TrainingHealth.noSignal(step, 0.5).orElseThrow();
        assertEquals(TrainingHealth.Kind.NO_SIGNAL, w.kind());
        assertTrue(w.message().startsWith("75% of the 4 groups have all-equal rewards"), w.message());
        assertTrue(TrainingHealth.noSignal(new double[][] {{1, 0}, {1, 1}}, 0.5).isEmpty());
    }

    @Test
    void entropyCollapseIsARelativeOrAbsoluteFall() {
        assertTrue(TrainingHealth.entropyCollapse(new double[] {1.2, 0.9, 0.6}, 0.1, 0.01).isEmpty());
        assertTrue(TrainingHealth.entropyCollapse(new double[] {1.2, 0.5, 0.1}, 0.1, 0.01).orElseThrow().message().contains("fell from 1.200 to 0.1000"));
        assertTrue(TrainingHealth.entropyCollapse(new double[] {0.05, 0.005}, 0.01, 0.01).isPresent(), "below the floor");
    }

    @Test
    void clippedLengthRatioCountsResponsesAtTheLimit() {
        assertEquals(0.5, TrainingHealth.clippedLengthRatio(new int[] {64, 10, 64, 3}, 64));
        assertTrue(TrainingHealth.lengthClipped(new int[] {64, 10, 64, 3}, 64, 0.1).orElseThrow().message().contains("reached the 64-token limit"));
        assertTrue(TrainingHealth.lengthClipped(new int[] {63, 10}, 64, 0.1).isEmpty());
    }

    @Test
    void nonFiniteValuesAreNamedWithTheirPosition() {
        assertEquals("loss is NaN at index 0; the step must not be applied", TrainingHealth.nonFinite("loss", Double.NaN).orElseThrow().message());
        assertEquals("gradient is Infinity at [1, 2]; the step must not be applied",
                TrainingHealth.nonFinite("gradient", new double[][] {{0}, {1, 2, Double.POSITIVE_INFINITY}}).orElseThrow().message());
        assertTrue(TrainingHealth.nonFinite("loss", 0.3, -2).isEmpty());
    }

    @Test
    void aStepCheckCollectsEveryWarning() {
        List<TrainingHealth.Warning> ws = TrainingHealth.check(new double[][] {{1, 1}, {0, 0}}, new double[] {1.0, 0.001}, new int[] {64, 64}, 64, Double.NaN);
        assertEquals(List.of(TrainingHealth.Kind.NO_SIGNAL, TrainingHealth.Kind.ENTROPY_COLLAPSE, TrainingHealth.Kind.LENGTH_CLIPPED, TrainingHealth.Kind.NON_FINITE),
                ws.stream().map(TrainingHealth.Warning::kind).toList());
        assertEquals(List.of(), TrainingHealth.check(new double[][] {{1, 0}}, new double[] {1.0, 0.9}, new int[] {10}, 64, 0.2));
    }
}
