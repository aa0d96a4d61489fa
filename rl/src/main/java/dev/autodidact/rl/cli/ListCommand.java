package dev.autodidact.rl.cli;

import dev.autodidact.rl.experiment.RecipeRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code autodidact list}: the shipped recipes and the papers they reproduce. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List the installed recipes with the titles of their papers.")
final class ListCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** The registry to list; the built-in one unless a test sets another. */
    RecipeRegistry registry = RecipeRegistry.builtIn();

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        List<RecipeRegistry.Listing> recipes = registry.recipes();
        if (recipes.isEmpty()) {
            out.println("No recipes are installed yet. Each paper's recipe is added together with the training loop that runs it;");
            out.println("the recipe format (YAML, checked key by key) is described in rl/README.md under \"Recipes\".");
        } else {
            int width = recipes.stream().mapToInt(r -> r.name().length()).max().orElse(0);
            for (RecipeRegistry.Listing r : recipes) out.println(r.name() + " ".repeat(width - r.name().length() + 2) + r.paper());
        }
        out.flush();
        return 0;
    }
}
