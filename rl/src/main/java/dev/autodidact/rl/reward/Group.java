package dev.autodidact.rl.reward;

import dev.autodidact.rl.task.Answer;
import dev.autodidact.rl.task.Prompt;
import dev.autodidact.rl.task.Task;

import java.util.List;

/**
 * The G completions sampled for one prompt, with their extracted answers: everything a
 * label-free reward may look at. It carries a {@link Prompt}, never a gold answer. Rewards that
 * score completions with the policy (self-certainty, perplexity, judges) will receive the
 * scoring handle beside this record, not inside it, so this stays plain data.
 *
 * @param prompt      the prompt all completions answer
 * @param completions response texts, in sampling order (G of them)
 * @param answers     {@code answers.get(i)} is extracted from {@code completions.get(i)}
 * @param step        the optimisation step that sampled them (keys seeded reward controls)
 * @param promptIndex the prompt's position in the step's batch (keys seeded reward controls)
 */
public record Group(Prompt prompt, List<String> completions, List<Answer> answers, long step, int promptIndex) {
    public Group {
        completions = List.copyOf(completions);
        answers = List.copyOf(answers);
        if (completions.isEmpty()) throw new IllegalArgumentException("Group for " + prompt.id() + ": a group needs at least one completion");
        if (completions.size() != answers.size())
            throw new IllegalArgumentException("Group for " + prompt.id() + ": " + completions.size() + " completions but " + answers.size() + " answers");
        if (step < 0 || promptIndex < 0)
            throw new IllegalArgumentException("Group for " + prompt.id() + ": step " + step + " and prompt index " + promptIndex + " must be non-negative");
    }

    /** A group whose answers are extracted by {@code task}. */
    public static Group of(Task task, Prompt prompt, List<String> completions, long step, int promptIndex) {
        return new Group(prompt, completions, completions.stream().map(c -> task.extract(prompt, c)).toList(), step, promptIndex);
    }

    /** G, the number of completions. */
    public int size() {
        return completions.size();
    }
}
