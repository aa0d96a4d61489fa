package dev.autodidact.rl.experiment;

import dev.autodidact.rl.loss.Aggregation;
import dev.autodidact.rl.reward.RewardSlot;
import dev.autodidact.rl.task.AdditionTask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class RecipeLoaderTest {
    @TempDir
    Path dir;

    private static RecipeException fails(String text, String... overrides) {
        return assertThrows(RecipeException.class, () -> RecipeLoader.parse(text, "bad.yaml", List.of(overrides)));
    }

    @Test
    void validRecipeTakesMissingKeysFromTheDefaults() {
        Recipe r = Recipes.mmUpt();
        assertEquals("mm-upt-add", r.name());
        assertTrue(r.method().labelFree());
        assertEquals(Recipe.AdvantageKind.GRPO, r.method().advantage());
        assertEquals(8, r.rollout().groupSize());
        assertEquals(0.2, r.optimisation().clipLow());
        assertEquals(Aggregation.TOKEN_MEAN, r.optimisation().aggregation());
        assertEquals(List.of("test"), r.evaluation().splits());
        assertEquals("majority_vote", r.reward().terms().getFirst().name());
    }

    @Test
    void unknownKeyNamesTheKeyTheFileAndTheLineAndSuggestsTheClosest() throws Exception {
        Path file = dir.resolve("typo.yaml");
        Files.writeString(file, Recipes.MM_UPT.replace("  temperature: 1.0", "  temprature: 1.0"));
        RecipeException e = assertThrows(RecipeException.class, () -> RecipeLoader.load(file, List.of()));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("line 11"), e.getMessage());
        assertTrue(e.getMessage().contains("unknown key 'temprature' in 'sampling'"), e.getMessage());
        assertTrue(e.getMessage().contains("did you mean 'temperature'?"), e.getMessage());
    }

    @Test
    void everyUnknownKeyIsReportedAtOnce() {
        RecipeException e = fails(Recipes.MM_UPT.replace("  group_size: 8", "  gruop_size: 8").replace("run:\n", "runn: {}\nrun:\n"));
        assertEquals(2, e.problems().size(), e.getMessage());
        assertTrue(e.getMessage().contains("unknown key 'gruop_size' in 'rollout'; did you mean 'group_size'?"), e.getMessage());
        assertTrue(e.getMessage().contains("unknown key 'runn' at the top level; did you mean 'run'?"), e.getMessage());
    }

    @Test
    void unknownKeyInsideAListElementIsFound() {
        RecipeException e = fails(Recipes.MM_UPT.replace("      weight: 1.0", "      wieght: 1.0"));
        assertTrue(e.getMessage().contains("line 20: unknown key 'wieght' in 'reward.terms[0]'; did you mean 'weight'?"), e.getMessage());
    }

    @Test
    void aKeyGivenTwiceIsRefused() {
        RecipeException e = fails(Recipes.MM_UPT.replace("  temperature: 1.0", "  temperature: 1.0\n  temperature: 0.7"));
        assertTrue(e.getMessage().contains("line 12: key 'sampling.temperature' appears twice (first on line 11)"), e.getMessage());
    }

    @Test
    void exponentNumbersInTheFileAreNumbers() {
        Recipe r = RecipeLoader.parse(Recipes.MM_UPT.replace("optimisation:\n", "optimisation:\n  lr: 3e-4\n  kl_beta: 1.0e-3\n"), "e.yaml", List.of());
        assertEquals(3e-4, r.optimisation().lr());
        assertEquals(1e-3, r.optimisation().klBeta());
    }

    @Test
    void missingRequiredKeyIsNamed() {
        RecipeException e = fails(Recipes.MM_UPT.replace("  label_free: true\n", ""));
        assertTrue(e.getMessage().contains("missing required key 'method.label_free'"), e.getMessage());
    }

    @Test
    void wrongTypeInTheFileNamesTheKeyAndTheLine() {
        RecipeException e = fails(Recipes.MM_UPT.replace("  temperature: 1.0", "  temperature: hot"));
        assertTrue(e.getMessage().contains("line 11: 'sampling.temperature' must be a number, got 'hot'"), e.getMessage());
    }

    @Test
    void overridesAreConvertedToTheTypeOfTheirKey() {
        Recipe r = Recipes.mmUpt("optimisation.lr=3e-4", "rollout.group_size=4", "optimisation.mini_batch_size=32", "method.label_free=false",
                "optimisation.aggregation=seq_mean_token_mean", "evaluation.splits=[test, ood]", "run.seed=7", "model.base=elsewhere");
        assertEquals(3e-4, r.optimisation().lr());
        assertEquals(4, r.rollout().groupSize());
        assertFalse(r.method().labelFree());
        assertEquals(Aggregation.SEQ_MEAN_TOKEN_MEAN, r.optimisation().aggregation());
        assertEquals(List.of("test", "ood"), r.evaluation().splits());
        assertEquals(7, r.run().seed());
        assertEquals("elsewhere", r.model().base());
    }

    @Test
    void overridesReachIntoListElementsAndParameterMaps() {
        Recipe r = Recipes.mmUpt("reward.terms[0].weight=0.5", "reward.terms[0].name=random", "reward.terms[0].params.probability=0.25");
        assertEquals(new Recipe.Term("random", 0.5, java.util.Map.of("probability", 0.25)), r.reward().terms().getFirst());
        RecipeException e = fails(Recipes.MM_UPT, "reward.terms[3].weight=1");
        assertTrue(e.getMessage().contains("'reward.terms' has 1 element, so [3] does not exist"), e.getMessage());
        e = fails(Recipes.MM_UPT, "reward.terms[0].weight=heavy");
        assertTrue(e.getMessage().contains("'reward.terms[0].weight' is a number, and 'heavy' is not"), e.getMessage());
    }

    @Test
    void overrideOfTheWrongTypeNamesTheKeyAndTheType() {
        RecipeException e = fails(Recipes.MM_UPT, "rollout.group_size=four");
        assertTrue(e.getMessage().contains("--set rollout.group_size=four: 'rollout.group_size' is a whole number, and 'four' is not"), e.getMessage());
        e = fails(Recipes.MM_UPT, "method.label_free=maybe");
        assertTrue(e.getMessage().contains("'method.label_free' is true or false"), e.getMessage());
        e = fails(Recipes.MM_UPT, "optimisation.kl_estimator=k9");
        assertTrue(e.getMessage().contains("is one of k1, k2, k3, abs"), e.getMessage());
    }

    @Test
    void overrideOfAnUnknownKeySuggestsTheClosest() {
        RecipeException e = fails(Recipes.MM_UPT, "optimisation.lrr=1e-4");
        assertTrue(e.getMessage().contains("--set optimisation.lrr=1e-4: unknown key 'lrr' in 'optimisation'; did you mean 'lr'?"), e.getMessage());
    }

    @Test
    void batchSizeRuleSaysWhatToChange() {
        RecipeException e = fails(Recipes.MM_UPT, "rollout.group_size=6", "optimisation.mini_batch_size=32");
        String m = e.getMessage();
        assertTrue(m.contains("8 x 6 = 48"), m);
        assertTrue(m.contains("optimisation.mini_batch_size is 32"), m);
        assertTrue(m.contains("set mini_batch_size to one of [6, 12, 24, 48]"), m);
    }

    @Test
    void miniBatchesMustHoldWholeGroups() {
        RecipeException e = fails(Recipes.MM_UPT, "optimisation.mini_batch_size=16", "rollout.group_size=16", "rollout.prompts_per_step=2",
                "run.completions_prompts=1", "optimisation.mini_batch_size=8");
        assertTrue(e.getMessage().contains("[16, 32]"), e.getMessage());
    }

    @Test
    void groupOfOneIsRefused() {
        RecipeException e = fails(Recipes.MM_UPT, "rollout.group_size=1", "optimisation.mini_batch_size=8");
        assertTrue(e.getMessage().contains("rollout.group_size is 1"), e.getMessage());
    }

    @Test
    void ttrlVotesOverAtLeastTheSamplesItTrainsOn() {
        String ttrl = Recipes.MM_UPT.replace("name: majority_vote", "name: ttrl_vote");
        RecipeException e = fails(ttrl, "rollout.vote_samples=4");
        assertTrue(e.getMessage().contains("rollout.vote_samples (4) must be at least rollout.group_size (8)"), e.getMessage());
        Recipe ok = RecipeLoader.parse(ttrl, "ttrl.yaml", List.of("rollout.vote_samples=32"));
        assertEquals(32, ok.rollout().samplesPerPrompt());
        RecipeException extra = fails(Recipes.MM_UPT, "rollout.vote_samples=32");
        assertTrue(extra.getMessage().contains("no reward term is 'ttrl_vote'"), extra.getMessage());
    }

    @Test
    void algorithmAndAdvantageMustFitTogether() {
        RecipeException ppo = fails(Recipes.MM_UPT, "method.algorithm=ppo");
        assertTrue(ppo.getMessage().contains("method.algorithm ppo estimates advantages with its value head; set method.advantage: gae"), ppo.getMessage());
        RecipeException gae = fails(Recipes.MM_UPT, "method.advantage=gae");
        assertTrue(gae.getMessage().contains("method.advantage gae needs the value head of method.algorithm: ppo"), gae.getMessage());
        RecipeException dpo = fails(Recipes.MM_UPT, "method.algorithm=dpo", "method.advantage=rloo");
        assertTrue(dpo.getMessage().contains("method.advantage (rloo) is not used by method.algorithm dpo"), dpo.getMessage());
        RecipeException typo = fails(Recipes.MM_UPT, "method.algorithm=dop");
        assertTrue(typo.getMessage().contains("'method.algorithm' is one of"), typo.getMessage());
        Recipe ok = RecipeLoader.parse(Recipes.MM_UPT, "ok.yaml", List.of("method.algorithm=ppo", "method.advantage=gae", "returns.lambda=0.9"));
        assertEquals(Recipe.Algorithm.PPO, ok.method().algorithm());
        assertEquals(0.9, ok.returns().lambda());
        assertEquals(0.5, ok.value().coef());
        assertEquals(Recipe.Algorithm.POLICY_GRADIENT, Recipes.mmUpt().method().algorithm());
    }

    @Test
    void algorithmKnobsAreRangeChecked() {
        RecipeException e = fails(Recipes.MM_UPT, "returns.gamma=1.5", "value.clip=0", "preference.beta=-1", "preference.tau=0", "rejection.max_kept=0");
        for (String key : List.of("returns.gamma", "value.clip", "preference.beta", "preference.tau", "rejection.max_kept"))
            assertTrue(e.getMessage().contains(key), key + " in " + e.getMessage());
    }

    @Test
    void labelFreeMethodWithALabelReadingRewardFailsToLoad() {
        RecipeException e = fails(Recipes.MM_UPT.replace("name: majority_vote", "name: exact_match"));
        String m = e.getMessage();
        assertTrue(m.contains("line 19"), m);
        assertTrue(m.contains("method 'mm_upt' is label-free"), m);
        assertTrue(m.contains("reward term 'exact_match' reads gold labels (it is a Verifier)"), m);
        assertTrue(m.contains("majority_vote, ttrl_vote, random, format"), m);
    }

    @Test
    void supervisedMethodTakesVerifiersAndLabelFreeTermsTogether() {
        String gt = Recipes.MM_UPT.replace("label_free: true", "label_free: false").replace("name: majority_vote", "name: exact_match")
                .replace("      weight: 1.0\n", "      weight: 1.0\n    - name: format\n      weight: 0.1\n");
        Recipe r = RecipeLoader.parse(gt, "gt.yaml", List.of());
        RewardSlot slot = RewardRegistry.slot(r, AdditionTask.standard(), 0);
        assertInstanceOf(RewardSlot.Supervised.class, slot);
        assertInstanceOf(RewardSlot.LabelFree.class, RewardRegistry.slot(Recipes.mmUpt(), AdditionTask.standard(), 0));
    }

    @Test
    void eachRegistryEntryBuildsTheKindItDeclares() {
        var context = new RewardRegistry.Context(AdditionTask.standard(), Recipes.mmUpt().rollout(), 3);
        for (RewardRegistry.Entry e : RewardRegistry.entries()) {
            RewardRegistry.Built built = e.factory().build(context, e.params());
            assertEquals(e.labelFree(), built instanceof RewardRegistry.Built.LabelFree, e.name());
        }
        assertEquals(List.of("majority_vote", "ttrl_vote", "random", "format"), RewardRegistry.labelFreeNames());
    }

    @Test
    void rewardParametersAreChecked() {
        String random = Recipes.MM_UPT.replace("name: majority_vote", "name: random").replace("      weight: 1.0", "      weight: 1.0\n      params: {probabilty: 0.3}");
        RecipeException e = fails(random);
        assertTrue(e.getMessage().contains("reward 'random' has no parameter 'probabilty'; did you mean 'probability'?"), e.getMessage());
        Recipe ok = RecipeLoader.parse(random.replace("probabilty", "probability"), "r.yaml", List.of());
        assertEquals(0.3, ok.reward().terms().getFirst().params().get("probability"));
        RecipeException unknown = fails(Recipes.MM_UPT.replace("name: majority_vote", "name: majority_votes"));
        assertTrue(unknown.getMessage().contains("unknown reward 'majority_votes'; did you mean 'majority_vote'?"), unknown.getMessage());
    }

    @Test
    void resolvedYamlReadsBackToTheSameRecipe() {
        Recipe r = Recipes.mmUpt("optimisation.lr=2.5e-5", "evaluation.splits=[test, ood]");
        String yaml = RecipeLoader.toYaml(r);
        assertTrue(yaml.contains("prompts_per_step: 8"), yaml);
        assertTrue(yaml.contains("aggregation: token_mean"), yaml);
        assertEquals(r, RecipeLoader.parse(yaml, "config.yaml", List.of()));
    }

    @Test
    void emptyAndNonMappingFilesAreRefused() {
        assertTrue(fails("").getMessage().contains("empty"));
        assertTrue(fails("- a\n- b\n").getMessage().contains("mapping"));
    }
}
