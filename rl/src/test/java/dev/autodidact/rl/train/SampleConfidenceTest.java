package dev.autodidact.rl.train;

import dev.autodidact.autograd.NoGrad;
import dev.autodidact.rl.metrics.Confidence;
import dev.autodidact.rl.task.AdditionTask;
import dev.autodidact.rl.task.Split;
import dev.autodidact.tensor.IntTensor;
import dev.autodidact.tensor.Tensor;
import dev.autodidact.tokenizer.CharTokenizer;
import dev.autodidact.transformer.ModelConfig;
import dev.autodidact.transformer.Transformer;
import dev.autodidact.transformer.infer.Sample;
import dev.autodidact.transformer.infer.Sampler;
import dev.autodidact.transformer.infer.SamplingConfig;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SampleConfidenceTest {
    static final CharTokenizer TOK = CharTokenizer.forTasks();

    @Test
    void averagesMatchANaiveForwardPassInDoubles() {
        Transformer model = new Transformer(ModelConfig.gpt2Style(TOK.vocabSize(), 32, 1, 2, 64), 5);
        List<int[]> prompts = new ArrayList<>();
        for (var p : AdditionTask.standard().generate(Split.TEST, 3, 1)) prompts.add(TOK.encode(AdditionTask.standard().renderPrompt(p.prompt())));
        List<Sample> samples;
        try (var ng = NoGrad.enter()) {
            samples = new Sampler(model, Optional.of(TOK)).sample(prompts,
                    SamplingConfig.builder().temperature(1f).maxNewTokens(10).stopTokens(TOK.eos()).seed(3).build());
        }
        // more sequences than one scoring chunk, so the chunk boundary is crossed
        List<Sample> many = new ArrayList<>();
        for (int r = 0; r < SampleConfidence.CHUNK / 3 + 2; r++) many.addAll(samples);
        List<SampleConfidence> got = SampleConfidence.of(model, TOK.pad(), many);
        assertEquals(many.size(), got.size());
        for (int i = 0; i < samples.size(); i++) {
            Sample s = samples.get(i);
            int[] ids = new int[s.prompt().length + s.tokens().length];
            System.arraycopy(s.prompt(), 0, ids, 0, s.prompt().length);
            System.arraycopy(s.tokens(), 0, ids, s.prompt().length, s.tokens().length);
            Tensor logits;
            try (var ng = NoGrad.enter()) {
                logits = model.forward(IntTensor.of(ids, 1, ids.length), Tensor.ones(1, ids.length)).value();
            }
            double logp = 0, p = 0, h = 0, sc = 0;
            for (int t = 0; t < s.tokens().length; t++) {
                float[] row = logits.select(0, 0).select(0, s.prompt().length + t - 1).contiguous().toArray();
                double[] lp = logSoftmax(row);
                logp += lp[s.tokens()[t]];
                p += Math.exp(lp[s.tokens()[t]]);
                h += Confidence.entropy(lp);
                sc += Confidence.selfCertainty(lp);
            }
            int n = s.tokens().length;
            SampleConfidence c = got.get(i);
            assertEquals(logp / n, c.meanLogProb(), 1e-4, "mean log-prob of sample " + i);
            assertEquals(p / n, c.tokenProb(), 1e-4, "token probability of sample " + i);
            assertEquals(h / n, c.entropy(), 1e-4, "entropy of sample " + i);
            assertEquals(sc / n, c.selfCertainty(), 1e-4, "self-certainty of sample " + i);
            assertTrue(c.selfCertainty() > 0 && c.tokenProb() > 0 && c.tokenProb() <= 1);
            for (int r = i + samples.size(); r < many.size(); r += samples.size())
                assertEquals(c.selfCertainty(), got.get(r).selfCertainty(), 1e-5, "the same sample in another chunk");
        }
    }

    @Test
    void policyEvaluationReportsSelfCertaintyAndCalibration() {
        Transformer model = new Transformer(ModelConfig.gpt2Style(TOK.vocabSize(), 32, 1, 2, 64), 6);
        Map<String, Double> m = PolicyEvaluation.evaluate(model, TOK, AdditionTask.standard(), "add", Split.OOD, 3, 2, 2, 10, 1);
        for (String k : List.of("self_certainty", "vote_share", "ece_vote", "brier_vote", "token_prob", "ece_token_prob", "brier_token_prob", "entropy"))
            assertTrue(m.containsKey("eval/add/ood/" + k), k + " missing from " + m.keySet());
        assertTrue(m.get("eval/add/ood/self_certainty") > 0, "an untrained model is still not exactly uniform");
        assertEquals(m, PolicyEvaluation.evaluate(model, TOK, AdditionTask.standard(), "add", Split.OOD, 3, 2, 2, 10, 1), "seeded");
    }

    private static double[] logSoftmax(float[] z) {
        double max = Double.NEGATIVE_INFINITY, s = 0;
        for (float x : z) max = Math.max(max, x);
        for (float x : z) s += Math.exp(x - max);
        double lse = max + Math.log(s);
        double[] out = new double[z.length];
        for (int i = 0; i < z.length; i++) out[i] = z[i] - lse;
        return out;
    }
}
