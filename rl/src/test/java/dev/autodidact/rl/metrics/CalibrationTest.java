package dev.autodidact.rl.metrics;

import org.junit.jupiter.api.Test;

import static dev.autodidact.rl.SpecVectors.assertSig7;
import static org.junit.jupiter.api.Assertions.*;

class CalibrationTest {

    @Test
    void specVector27EceAndBrier() {
        double[] c = {0.9, 0.8, 0.3, 0.2};
        boolean[] o = {true, false, false, false};
        assertSig7(0.35, Calibration.ece(c, o, 10), "ECE");
        assertSig7(0.195, Calibration.brier(c, o), "Brier");
    }

    @Test
    void theNamedMetricsOfOneConfidence() {
        var m = Calibration.metrics("vote", new double[] {0.9, 0.8, 0.3, 0.2}, new boolean[] {true, false, false, false});
        assertEquals(java.util.List.of("ece_vote", "brier_vote", "auroc_vote"), java.util.List.copyOf(m.keySet()));
        assertSig7(0.35, m.get("ece_vote"), "ECE of spec vector 27");
        assertSig7(0.195, m.get("brier_vote"), "Brier of spec vector 27");
        assertEquals(1.0, m.get("auroc_vote"));
        assertFalse(Calibration.metrics("x", new double[] {0.4, 0.6}, new boolean[] {true, true}).containsKey("auroc_x"), "AUROC undefined: left out");
    }

    @Test
    void binsAreRightClosedAndZeroGoesToTheFirst() {
        assertEquals(1, Calibration.bin(0, 10));
        assertEquals(1, Calibration.bin(0.1, 10));
        assertEquals(2, Calibration.bin(0.10000001, 10));
        assertEquals(3, Calibration.bin(0.3, 10), "0.3 * 10 is 3.0000000000000004 in doubles, still bin 3");
        assertEquals(7, Calibration.bin(0.7, 10));
        assertEquals(10, Calibration.bin(1, 10));
        // two predictions sharing bin 3 average before comparing
        assertEquals(Math.abs(0.5 - 0.25), Calibration.ece(new double[] {0.21, 0.29}, new boolean[] {true, false}, 10), 1e-12);
    }

    @Test
    void perfectCalibrationHasZeroEce() {
        assertEquals(0, Calibration.ece(new double[] {1, 1, 0, 0}, new boolean[] {true, true, false, false}, 10));
        assertEquals(0, Calibration.ece(new double[] {0.5, 0.5}, new boolean[] {true, false}, 10));
    }

    @Test
    void aurocIsTheProbabilityThatARightAnswerOutranksAWrongOne() {
        assertEquals(1.0, Calibration.auroc(new double[] {0.9, 0.8, 0.3, 0.2}, new boolean[] {true, true, false, false}).orElseThrow());
        assertEquals(0.0, Calibration.auroc(new double[] {0.1, 0.8}, new boolean[] {true, false}).orElseThrow());
        assertEquals(0.5, Calibration.auroc(new double[] {0.5, 0.5, 0.5}, new boolean[] {true, false, true}).orElseThrow(), "ties count one half");
        // spec vector 27 data: the right answer (0.9) outranks all three wrong ones
        assertEquals(1.0, Calibration.auroc(new double[] {0.9, 0.8, 0.3, 0.2}, new boolean[] {true, false, false, false}).orElseThrow());
        // pairs: (0.7 vs 0.4) win, (0.7 vs 0.7) tie, (0.2 vs 0.4) loss, (0.2 vs 0.7) loss -> 1.5 / 4
        assertEquals(0.375, Calibration.auroc(new double[] {0.7, 0.4, 0.2, 0.7}, new boolean[] {true, false, true, false}).orElseThrow());
        assertTrue(Calibration.auroc(new double[] {0.1, 0.2}, new boolean[] {true, true}).isEmpty());
        assertEquals(1.0, Calibration.auroc(new double[] {2.5, -3}, new boolean[] {true, false}).orElseThrow(), "any finite score ranks");
        assertThrows(IllegalArgumentException.class, () -> Calibration.auroc(new double[] {Double.NaN, 1}, new boolean[] {true, false}));
    }

    @Test
    void selectiveAccuracyKeepsTheMostConfident() {
        double[] c = {0.9, 0.2, 0.8, 0.1};
        boolean[] o = {true, true, false, false};
        assertEquals(1.0, Calibration.selectiveAccuracy(c, o, 0.25));
        assertEquals(0.5, Calibration.selectiveAccuracy(c, o, 0.5));
        assertEquals(0.5, Calibration.selectiveAccuracy(c, o, 1));
        assertThrows(IllegalArgumentException.class, () -> Calibration.selectiveAccuracy(c, o, 0));
    }

    @Test
    void confidencesOutsideTheUnitIntervalAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Calibration.brier(new double[] {1.2}, new boolean[] {true}));
        assertTrue(e.getMessage().contains("confidence 0 is 1.2, outside [0, 1]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Calibration.ece(new double[] {0.5}, new boolean[0], 10));
    }
}
