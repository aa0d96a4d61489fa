package dev.autodidact.rl.reward;

import dev.autodidact.rl.task.Problem;

/**
 * A group together with the gold-labelled problem it answers: what a {@link Verifier} sees.
 * Only the supervised baseline and evaluation construct these.
 */
public record LabelledGroup(Group group, Problem problem) {
    public LabelledGroup {
        if (!problem.prompt().equals(group.prompt()))
            throw new IllegalArgumentException("LabelledGroup: the group answers " + group.prompt().id() + " but the problem is " + problem.prompt().id());
    }

    public int size() {
        return group.size();
    }
}
