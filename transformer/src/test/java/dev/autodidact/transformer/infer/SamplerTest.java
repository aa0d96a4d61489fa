package dev.autodidact.transformer.infer;

import dev.autodidact.autograd.NoGrad;
import dev.autodidact.tensor.IntTensor;
import dev.autodidact.tensor.Parallel;
import dev.autodidact.tensor.Tensor;
import dev.autodidact.tokenizer.CharTokenizer;
import dev.autodidact.transformer.ModelConfig;
import dev.autodidact.transformer.Transformer;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.*;

class SamplerTest {
    static final ModelConfig C = ModelConfig.llamaStyle(29, 32, 2, 4, 2, 20);

    static Transformer model() {
        Transformer m = new Transformer(C, 4);
        // Larger weights give peaked, input-dependent distributions (a fresh model is near uniform).
        m.parameterTensors().forEach((n, t) -> {
            if (n.endsWith("weight") && !n.contains("ln")) for (int i = 0; i < t.data().length; i++) t.data()[i] *= 8f;
        });
        return m;
    }

    @Test
    void aSampleDoesNotDependOnItsBatchNeighboursOrTheThreadCount() {
        Transformer m = model();
        SamplingConfig cfg = SamplingConfig.builder().temperature(1f).maxNewTokens(12).seed(42).build();
        int[] p = {1, 2, 3};
        Sample alone = new Sampler(m).sample(List.of(p), new long[] {7}, cfg).get(0);
        List<int[]> crowd = List.of(new int[] {5}, new int[] {9, 9, 9, 9, 9, 9}, p, new int[] {4, 4});
        Sample inCrowd = new Sampler(m).sample(crowd, new long[] {1, 2, 7, 3}, cfg).get(2);
        int threads = Parallel.threads();
        Sample oneThread;
        try {
            Parallel.setThreads(1);
            oneThread = new Sampler(m).sample(crowd, new long[] {1, 2, 7, 3}, cfg).get(2);
        } finally {
            Parallel.setThreads(threads);
        }
        assertArrayEquals(alone.tokens(), inCrowd.tokens());
        assertArrayEquals(alone.tokens(), oneThread.tokens());
        assertArrayEquals(alone.rawLogProbs(), inCrowd.rawLogProbs(), 1e-5f);
        Sample otherKey = new Sampler(m).sample(List.of(p), new long[] {8}, cfg).get(0);
        assertFalse(Arrays.equals(alone.tokens(), otherKey.tokens()), "another stream key gives another sample");
    }

    @Test
    void sequenceParallelGroupsGiveTheSameSamplesAsOneThread() {
        Transformer m = model();
        SamplingConfig cfg = SamplingConfig.builder().temperature(1f).maxNewTokens(10).seed(5).stopTokens(0).build();
        List<int[]> prompts = new java.util.ArrayList<>();
        for (int i = 0; i < 2 * Sampler.MIN_GROUP + 7; i++) prompts.add(new int[] {1 + i % 20, 1 + (3 * i) % 27});
        int threads = Parallel.threads();
        List<Sample> one, two, twoAgain;
        Sampler reused = new Sampler(m);
        try {
            Parallel.setThreads(1);
            one = new Sampler(m).sample(prompts, cfg);
            Parallel.setThreads(2);   // 39 sequences: two groups of 19 and 20 on their own decoders
            two = reused.sample(prompts, cfg);
            reused.sample(prompts.subList(0, 3), cfg);   // a smaller call in between reuses the decoders
            twoAgain = reused.sample(prompts, cfg);
        } finally {
            Parallel.setThreads(threads);
        }
        for (int i = 0; i < prompts.size(); i++) {
            for (List<Sample> other : List.of(two, twoAgain)) {
                Sample a = one.get(i), b = other.get(i);
                assertArrayEquals(a.tokens(), b.tokens(), "sequence " + i);
                assertArrayEquals(a.logProbs(), b.logProbs(), "sequence " + i);
                assertArrayEquals(a.rawLogProbs(), b.rawLogProbs(), "sequence " + i);
                assertArrayEquals(a.entropies(), b.entropies(), "sequence " + i);
                assertEquals(a.stopReason(), b.stopReason(), "sequence " + i);
            }
        }
    }

    @Test
    void theCacheGrowsWhenALaterCallNeedsLongerSequences() {
        Transformer m = model();
        List<int[]> prompts = List.of(new int[] {1, 2}, new int[] {3, 4, 5, 6, 7});
        SamplingConfig shortCfg = SamplingConfig.builder().maxNewTokens(2).seed(3).build();
        SamplingConfig longCfg = SamplingConfig.builder().maxNewTokens(C.contextLength()).seed(3).build();
        Sampler reused = new Sampler(m);
        reused.sample(prompts, shortCfg);
        int small = reused.decoder().orElseThrow().cache().contextLength();
        assertTrue(small < C.contextLength(), "a short call sizes the cache to its sequences, got " + small);
        List<Sample> again = reused.sample(prompts, longCfg), fresh = new Sampler(m).sample(prompts, longCfg);
        assertEquals(C.contextLength(), reused.decoder().orElseThrow().cache().contextLength());
        for (int i = 0; i < prompts.size(); i++) {
            assertArrayEquals(fresh.get(i).tokens(), again.get(i).tokens());
            assertTrue(again.get(i).truncated(), "sequence " + i + " runs to the end of the context");
        }
    }

    @Test
    void greedyFollowsTheArgmaxOfTheFullForward() {
        Transformer m = model();
        Sample s = new Sampler(m).sample(List.of(new int[] {3, 1}), SamplingConfig.greedy(6)).get(0);
        int[] seq = {3, 1};
        try (var ng = NoGrad.enter()) {
            for (int step = 0; step < 6; step++) {
                Tensor logits = m.forward(IntTensor.of(seq, 1, seq.length), null).value();
                int best = 0;
                for (int j = 1; j < C.vocabSize(); j++) if (logits.get(0, seq.length - 1, j) > logits.get(0, seq.length - 1, best)) best = j;
                assertEquals(best, s.tokens()[step], "step " + step);
                seq = Arrays.copyOf(seq, seq.length + 1);
                seq[seq.length - 1] = best;
            }
        }
        for (float lp : s.logProbs()) assertEquals(0f, lp);
        for (int i = 0; i < 6; i++) assertTrue(s.rawLogProbs()[i] < 0 && s.entropies()[i] > 0);
    }

    @Test
    void withoutFiltersAtTemperatureOneSamplingAndRawLogProbsAgree() {
        Sample s = new Sampler(model()).sample(List.of(new int[] {2}), SamplingConfig.builder().maxNewTokens(8).seed(1).build()).get(0);
        assertArrayEquals(s.rawLogProbs(), s.logProbs(), 1e-5f);
    }

    @Test
    void topKOneAndTinyTopPAreGreedy() {
        Transformer m = model();
        int[] greedy = new Sampler(m).sample(List.of(new int[] {6, 2}), SamplingConfig.greedy(8)).get(0).tokens();
        var base = SamplingConfig.builder().temperature(1.5f).maxNewTokens(8).seed(3);
        assertArrayEquals(greedy, new Sampler(m).sample(List.of(new int[] {6, 2}), base.topK(1).build()).get(0).tokens());
        assertArrayEquals(greedy, new Sampler(m).sample(List.of(new int[] {6, 2}), base.topK(0).topP(1e-6f).build()).get(0).tokens());
        assertArrayEquals(greedy, new Sampler(m).sample(List.of(new int[] {6, 2}), base.topP(1f).minP(0.999f).build()).get(0).tokens());
        Sample k1 = new Sampler(m).sample(List.of(new int[] {6, 2}), base.topK(1).topP(1f).minP(0f).build()).get(0);
        for (float lp : k1.logProbs()) assertEquals(0f, lp, 1e-6f);
    }

    @Test
    void stopTokensTokenCapAndContextEndEachStopASample() {
        Transformer m = model();
        int[] free = new Sampler(m).sample(List.of(new int[] {1}), SamplingConfig.greedy(5)).get(0).tokens();
        Sample stopped = new Sampler(m).sample(List.of(new int[] {1}), SamplingConfig.greedy(5, free[2])).get(0);
        int firstStop = 0;
        while (free[firstStop] != free[2]) firstStop++;
        assertEquals(firstStop + 1, stopped.tokens().length);
        assertEquals(Sample.StopReason.STOP_TOKEN, stopped.stopReason());
        Sample capped = new Sampler(m).sample(List.of(new int[] {1}), SamplingConfig.greedy(5)).get(0);
        assertEquals(Sample.StopReason.MAX_NEW_TOKENS, capped.stopReason());
        assertFalse(capped.truncated());
        Sample full = new Sampler(m).sample(List.of(new int[17]), SamplingConfig.greedy(10)).get(0);
        assertEquals(3, full.tokens().length);
        assertTrue(full.truncated());
        assertEquals(Sample.StopReason.CONTEXT_FULL, full.stopReason());
        Sample atContext = new Sampler(m).sample(List.of(new int[20]), SamplingConfig.greedy(10)).get(0);
        assertEquals(0, atContext.tokens().length);
        assertTrue(atContext.truncated());
        var ex = assertThrows(IllegalArgumentException.class, () -> new Sampler(m).sample(List.of(new int[21]), SamplingConfig.greedy(1)));
        assertEquals("sampler: prompt 0 has 21 tokens, more than the context length 20", ex.getMessage());
    }

    @Test
    void cacheAndFullRecomputeSampleTheSameTokens() {
        Transformer m = model();
        var cfg = SamplingConfig.builder().maxNewTokens(10).seed(9).reportTopK(3);
        List<int[]> prompts = List.of(new int[] {1, 2}, new int[] {7}, new int[] {3, 3, 3, 3});
        List<Sample> cached = new Sampler(m).sample(prompts, cfg.build());
        List<Sample> full = new Sampler(m).sample(prompts, cfg.useCache(false).build());
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(cached.get(i).tokens(), full.get(i).tokens());
            assertArrayEquals(cached.get(i).rawLogProbs(), full.get(i).rawLogProbs(), 1e-4f);
            assertEquals(cached.get(i).tokens().length, cached.get(i).topTokens().size());
            float[] probs = cached.get(i).topTokens().get(0).probs();
            assertTrue(probs[0] >= probs[1] && probs[1] >= probs[2]);
        }
    }

    @Test
    void textIsDecodedWithTheTokenizer() {
        CharTokenizer tok = CharTokenizer.forTasks();
        Transformer m = new Transformer(C.withVocabSize(tok.vocabSize()), 1);
        Sample s = new Sampler(m, Optional.of(tok)).sample(List.of(tok.encode("<bos>1+1=")), SamplingConfig.greedy(4)).get(0);
        assertEquals(tok.decode(s.tokens()), s.text());
    }
}
