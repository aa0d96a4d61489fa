package dev.autodidact.rl.metrics;

import org.junit.jupiter.api.Test;

import static dev.autodidact.rl.SpecVectors.assertSig7;
import static org.junit.jupiter.api.Assertions.*;

class ConfidenceTest {
    private static double[] log(double... p) {
        double[] out = new double[p.length];
        for (int i = 0; i < p.length; i++) out[i] = Math.log(p[i]);
        return out;
    }

    @Test
    void specVector6SelfCertaintyIsKlFromUniformNotToIt() {
        double[] p = log(0.7, 0.1, 0.1, 0.1);
        assertSig7(0.4298132, Confidence.selfCertainty(p), "KL(U||p)");
        assertSig7(0.4458464, Confidence.klToUniform(p), "KL(p||U)");
        assertEquals(0, Confidence.selfCertainty(log(0.25, 0.25, 0.25, 0.25)), 1e-15);
        double[] logits = {2.0, 0.05, 0.05, 0.05};
        double z = Math.log(Math.exp(2.0) + 3 * Math.exp(0.05));
        double[] normalised = new double[4];
        for (int i = 0; i < 4; i++) normalised[i] = logits[i] - z;
        assertEquals(Confidence.selfCertainty(normalised), Confidence.selfCertaintyFromLogits(logits), 1e-12);
    }

    @Test
    void entropyOfUniformIsLogVAndOfAPointMassIsZero() {
        assertEquals(Math.log(4), Confidence.entropy(log(0.25, 0.25, 0.25, 0.25)), 1e-15);
        assertEquals(0, Confidence.entropy(new double[] {0, Double.NEGATIVE_INFINITY}));
    }

    @Test
    void likelihoodPerplexityAndAnswerConfidence() {
        assertEquals(-1.5, Confidence.meanLogLikelihood(new double[] {-1, -2}));
        assertEquals(Math.exp(1.5), Confidence.perplexity(new double[] {-1, -2}), 1e-12);
        assertEquals(0.7, Confidence.answerTokenConfidence(log(0.9, 0.5)), 1e-15, "spec vector 12 (CRew)");
    }
}
