package dev.autodidact.transformer.score;

import dev.autodidact.autograd.NoGrad;
import dev.autodidact.autograd.Var;
import dev.autodidact.tensor.IntTensor;
import dev.autodidact.tensor.Tensor;
import dev.autodidact.transformer.ModelConfig;
import dev.autodidact.transformer.Transformer;
import dev.autodidact.transformer.infer.Sample;
import dev.autodidact.transformer.infer.Sampler;
import dev.autodidact.transformer.infer.SamplingConfig;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class ScorerTest {
    static final ModelConfig C = ModelConfig.gpt2Style(17, 32, 2, 4, 16);

    static Transformer model() {
        Transformer m = new Transformer(C, 3, true);
        m.parameterTensors().forEach((n, t) -> {
            if (n.endsWith("weight") && !n.contains("ln")) for (int i = 0; i < t.data().length; i++) t.data()[i] *= 6f;
        });
        return m;
    }

    @Test
    void logProbsEqualTheLogSoftmaxOfTheFullForwardAtEachCompletionToken() {
        Transformer m = model();
        Sequence a = new Sequence(new int[] {1, 2, 3}, new int[] {4, 5}), b = new Sequence(new int[] {7}, new int[] {8, 9, 10, 11});
        try (var ng = NoGrad.enter()) {
            Scores s = new Scorer(m).score(List.of(a, b), ScoreRequest.uncertainty());
            assertArrayEquals(new int[] {2, 4}, s.logProbs().shape());
            assertArrayEquals(new float[] {1, 1, 0, 0, 1, 1, 1, 1}, s.mask().toArray());
            for (int k = 0; k < 2; k++) {
                Sequence q = List.of(a, b).get(k);
                int[] ids = q.tokens();
                Tensor lp = m.forward(IntTensor.of(ids, 1, ids.length), null).value().logSoftmax();   // [1, T, V]
                float[] got = s.logProbs(k), ent = s.entropy(k), sc = s.selfCertainty(k);
                assertEquals(q.completion().length, got.length);
                for (int j = 0; j < got.length; j++) {
                    int pos = q.prompt().length + j - 1;
                    assertEquals(lp.get(0, pos, q.completion()[j]), got[j], 1e-5f);
                    double h = 0, mean = 0;
                    for (int v = 0; v < C.vocabSize(); v++) {
                        double l = lp.get(0, pos, v);
                        h -= Math.exp(l) * l;
                        mean += l / C.vocabSize();
                    }
                    assertEquals(h, ent[j], 1e-5);
                    assertEquals(-mean - Math.log(C.vocabSize()), sc[j], 1e-5);
                    assertTrue(sc[j] >= 0, "KL(U||p) is never negative");
                }
            }
        }
    }

    @Test
    void scoringAGreedySampleReproducesItsRawLogProbs() {
        Transformer m = model();
        Sample smp = new Sampler(m).sample(List.of(new int[] {2, 5}), SamplingConfig.builder().maxNewTokens(8).seed(4).build()).get(0);
        try (var ng = NoGrad.enter()) {
            Scores s = new Scorer(m).score(List.of(new Sequence(smp.prompt(), smp.tokens())), ScoreRequest.uncertainty());
            assertArrayEquals(smp.rawLogProbs(), s.logProbs(0), 1e-4f);
            assertArrayEquals(smp.entropies(), s.entropy(0), 1e-4f);
        }
    }

    @Test
    void gradientsFlowFromLogProbsToEveryParameterUsed() {
        Transformer m = model();
        Scores s = new Scorer(m).score(List.of(new Sequence(new int[] {1, 2}, new int[] {3, 4, 5})), ScoreRequest.logProbs().withValues());
        Var loss = s.logProbs().mul(Var.constant(s.mask())).sum().neg().add(s.values().orElseThrow().square().sum());
        loss.backward();
        assertNotNull(m.namedParameters().get("blocks.0.attn.qkv.weight").grad());
        assertNotNull(m.namedParameters().get("value_head.weight").grad());
        m.zeroGrad();
    }

    @Test
    void nextDistributionHiddenStatesAndEmptyCompletions() {
        Transformer m = model();
        try (var ng = NoGrad.enter()) {
            Scores s = new Scorer(m).score(List.of(new Sequence(new int[] {1, 2}, new int[0]), new Sequence(new int[] {3}, new int[] {4})),
                    ScoreRequest.logProbs().withNextDistribution().withHidden(0, 2));
            assertEquals(0, s.logProbs(0).length);
            float[] d = s.nextDistribution(0);
            double sum = 0;
            for (float p : d) sum += p;
            assertEquals(1.0, sum, 1e-5);
            Tensor lp = m.forward(IntTensor.of(new int[] {1, 2}, 1, 2), null).value().softmax();
            for (int v = 0; v < C.vocabSize(); v++) assertEquals(lp.get(0, 1, v), d[v], 1e-5f);
            assertArrayEquals(new int[] {2, 32}, s.hidden(2, 1).shape());
            assertThrows(IllegalStateException.class, () -> s.entropy(0));
            assertThrows(IllegalStateException.class, () -> s.hidden(1, 0));
        }
    }
}
