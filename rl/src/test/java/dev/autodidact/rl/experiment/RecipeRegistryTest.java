package dev.autodidact.rl.experiment;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class RecipeRegistryTest {
    static final RecipeRegistry TEST = new RecipeRegistry(RecipeRegistryTest.class.getClassLoader(), "dev/autodidact/rl/experiment/test-recipes/index.txt");

    @TempDir
    Path dir;

    @Test
    void theShippedRecipesLoadAndNameTheirPapers() {
        var all = RecipeRegistry.builtIn().recipes();
        assertEquals(List.of("gt-grpo-add3", "mm-upt-add3", "random-grpo-add3", "ttrl-add3", "reinforce-pp-add3", "ppo-add3", "dpo-add3", "rft-add3",
                "rft-vote-add3"), all.stream().map(RecipeRegistry.Listing::name).toList());
        for (var l : all) {
            assertEquals(List.of(), l.recipe().problems(), l.name());
            org.junit.jupiter.api.Assertions.assertFalse(l.paper().isBlank(), l.name());
        }
    }

    @Test
    void listsEachIndexedRecipeWithItsPaper() {
        var all = TEST.recipes();
        assertEquals(List.of("mm-upt-add"), all.stream().map(RecipeRegistry.Listing::name).toList());
        assertEquals("Can Large Reasoning Models Self-Train?", all.getFirst().paper());
    }

    @Test
    void loadsByNameOrByFileWithOverrides() throws Exception {
        assertEquals(4, TEST.load("mm-upt-add", List.of("rollout.group_size=4", "optimisation.mini_batch_size=32")).rollout().groupSize());
        Path file = dir.resolve("mine.yaml");
        Files.writeString(file, Recipes.MM_UPT.replace("name: mm-upt-add", "name: mine"));
        assertEquals("mine", TEST.load(file.toString(), List.of()).name());
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> TEST.load("mm-upt-ad", List.of()));
        assertTrue(e.getMessage().contains("did you mean 'mm-upt-add'?"), e.getMessage());
    }
}
