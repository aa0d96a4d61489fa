package dev.autodidact.rl.train;

import dev.autodidact.autograd.NoGrad;
import dev.autodidact.rl.experiment.Recipe;
import dev.autodidact.rl.experiment.RecipeRegistry;
import dev.autodidact.rl.experiment.RewardRegistry;
import dev.autodidact.rl.experiment.TaskRegistry;
import dev.autodidact.rl.task.Problem;
import dev.autodidact.rl.task.Task;
import dev.autodidact.tokenizer.CharTokenizer;
import dev.autodidact.transformer.ModelConfig;
import dev.autodidact.transformer.Transformer;
import dev.autodidact.transformer.infer.Sample;
import dev.autodidact.transformer.score.ScoreRequest;
import dev.autodidact.transformer.score.Scorer;
import dev.autodidact.transformer.score.Scores;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GrpoTrainerTest {
    static final CharTokenizer TOK = CharTokenizer.forTasks();

    static Recipe recipe(String... extra) throws Exception {
        List<String> o = new java.util.ArrayList<>(List.of("rollout.prompts_per_step=2", "rollout.group_size=4", "optimisation.mini_batch_size=8",
                "optimisation.kl_beta=0", "optimisation.lr=0.01", "sampling.max_new_tokens=12"));
        o.addAll(List.of(extra));
        return RecipeRegistry.builtIn().load("random-grpo-add3", o);
    }

    static GrpoTrainer trainer(Recipe r, long modelSeed) {
        Task task = TaskRegistry.task(r.task().name());
        Transformer model = new Transformer(ModelConfig.gpt2Style(TOK.vocabSize(), 32, 1, 2, 64), modelSeed);
        return new GrpoTrainer(r, task, RewardRegistry.slot(r, task, r.run().seed()), model, Optional.empty(), TOK);
    }

    @Test
    void samplesDependOnlyOnTheSeedTheStepAndTheirPlaceInTheBatch() throws Exception {
        Recipe r = recipe();
        GrpoTrainer a = trainer(r, 3), b = trainer(r, 3);
        List<Problem> problems = a.nextPrompts();
        assertEquals(problems, b.nextPrompts());
        List<String> first = a.generate(5, problems).stream().map(Sample::text).toList();
        assertEquals(first, b.generate(5, problems).stream().map(Sample::text).toList());
        assertNotEquals(first, a.generate(6, problems).stream().map(Sample::text).toList());
        assertEquals(8, first.size());
        assertEquals(2, a.cursor());
    }

    @Test
    void anUpdateRaisesTheAdvantageWeightedLogProbability() throws Exception {
        GrpoTrainer t = trainer(recipe(), 11);
        Rollout r = t.score(t.reward(1, t.nextPrompts(), t.generate(1, t.nextPrompts())));
        assertTrue(Arrays.stream(r.advantages()).anyMatch(a -> a != 0), "the random reward gave every group equal rewards");
        double before = weightedLogProb(t, r);
        var m = t.update(1, r);
        double after = weightedLogProb(t, r);
        assertTrue(after > before, "sum_i A_i mean_t logp went from " + before + " to " + after);
        assertEquals(0.0, m.get("policy/kl_ref"));
        assertEquals(1, t.optimizer().steps());
    }

    @Test
    void theEntropyHistoryOfAResumedRunDecidesTheCollapseWarning() throws Exception {
        Recipe r = recipe();
        GrpoTrainer fresh = trainer(r, 11), resumed = trainer(r, 11);
        // as if the first steps of the run had had a far higher entropy than this policy's
        resumed.entropyHistory(new double[] {1000.0, 900.0});
        boolean freshWarns = fresh.step(3).warnings().stream().anyMatch(w -> w.kind() == dev.autodidact.rl.metrics.TrainingHealth.Kind.ENTROPY_COLLAPSE);
        var result = resumed.step(3);
        assertTrue(result.warnings().stream().anyMatch(w -> w.kind() == dev.autodidact.rl.metrics.TrainingHealth.Kind.ENTROPY_COLLAPSE), result.warnings().toString());
        assertTrue(!freshWarns, "a one-step history of this policy does not collapse");
        double[] h = resumed.entropyHistory();
        assertEquals(3, h.length);
        assertEquals(result.metrics().get("policy/entropy"), h[2]);
        assertTrue(Arrays.equals(h, RlRun.decodeHistory(RlRun.encodeHistory(h), java.nio.file.Path.of("ckpt"))), "stored and read back exactly");
        var bad = assertThrows(IllegalArgumentException.class, () -> RlRun.decodeHistory("0.5 x", java.nio.file.Path.of("ckpt")));
        assertTrue(bad.getMessage().contains("entropy_history value 1 is 'x'"), bad.getMessage());
    }

    private static double weightedLogProb(GrpoTrainer t, Rollout r) {
        try (var ng = NoGrad.enter()) {
            Scores s = new Scorer(t.policy(), TOK.pad()).score(r.sequences(), ScoreRequest.logProbs());
            double sum = 0;
            for (int i = 0; i < r.size(); i++) {
                float[] lp = s.logProbs(i);
                double mean = 0;
                for (float v : lp) mean += v;
                sum += r.advantages()[i] * mean / lp.length;
            }
            return sum;
        }
    }

    @Test
    void aNonFiniteLossStopsTheRunBeforeTheUpdate() throws Exception {
        GrpoTrainer t = trainer(recipe(), 5);
        Rollout r = t.score(t.reward(1, t.nextPrompts(), t.generate(1, t.nextPrompts())));
        double[] nan = new double[r.size()];
        Arrays.fill(nan, Double.NaN);
        Rollout broken = new Rollout(r.problems(), r.samples(), r.groups(), r.rewards(), r.trainIndex(), r.sequences(), r.trainRewards(), nan,
                r.logpOld(), r.logpRef());
        TrainingDiverged e = assertThrows(TrainingDiverged.class, () -> t.update(7, broken));
        assertTrue(e.getMessage().startsWith("step 7: the GRPO loss is NaN"), e.getMessage());
        assertEquals(0, t.optimizer().steps());
    }

    @Test
    void ttrlVotesOverAllSamplesAndTrainsOnGOfThemPerGroup() throws Exception {
        Recipe r = RecipeRegistry.builtIn().load("ttrl-add3", List.of("rollout.prompts_per_step=2", "rollout.group_size=4", "rollout.vote_samples=8",
                "optimisation.mini_batch_size=8", "sampling.max_new_tokens=12"));
        Task task = TaskRegistry.task(r.task().name());
        Transformer model = new Transformer(ModelConfig.gpt2Style(TOK.vocabSize(), 32, 1, 2, 64), 4);
        GrpoTrainer t = new GrpoTrainer(r, task, RewardRegistry.slot(r, task, 0), model,
                Optional.of(new Transformer(ModelConfig.gpt2Style(TOK.vocabSize(), 32, 1, 2, 64), 4)), TOK);
        GrpoTrainer.StepResult s = t.step(1);
        Rollout ro = s.rollout();
        assertEquals(16, ro.samples().size());
        assertEquals(8, ro.groups().get(0).size());
        assertEquals(8, ro.size());
        for (int k = 0; k < ro.size(); k++) assertEquals(k / 4, ro.trainIndex()[k] / 8, "trained sample " + k + " comes from its own group");
        assertTrue(Double.isFinite(s.metrics().get("policy/kl_ref")));
    }

    @Test
    void metricsCoverRewardPolicyLengthAndTime() throws Exception {
        GrpoTrainer t = trainer(recipe(), 9);
        var m = t.step(1).metrics();
        for (String k : List.of("reward/mean", "reward/random/mean", "group/frac_zero_std", "vote/label_acc", "policy/entropy", "policy/clip_frac",
                "policy/kl_ref", "completion/len_mean", "time/gen_s", "time/score_s", "time/update_s"))
            assertTrue(m.containsKey(k) && Double.isFinite(m.get(k)), k + " in " + m);
    }
}
