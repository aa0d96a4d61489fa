package dev.autodidact.rl.experiment;

import java.util.List;

/** Recipe texts for tests. */
final class Recipes {
    private Recipes() {}

    /** A label-free recipe (majority vote); line numbers are cited by tests. */
    static final String MM_UPT = """
            name: mm-upt-add
            paper: "Can Large Reasoning Models Self-Train?"
            method:
              name: mm_upt
              label_free: true
            task:
              name: add
            model:
              base: runs/base-add/step-00002000
            sampling:
              temperature: 1.0
            rollout:
              prompts_per_step: 8
              group_size: 8
            optimisation:
              mini_batch_size: 64
            reward:
              terms:
                - name: majority_vote
                  weight: 1.0
            run:
              steps: 6
              checkpoint_every: 2
              keep_last: 2
              completions_every: 3
            """;

    static Recipe mmUpt(String... overrides) {
        return RecipeLoader.parse(MM_UPT, "mm-upt.yaml", List.of(overrides));
    }
}
