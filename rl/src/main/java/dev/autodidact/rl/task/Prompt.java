package dev.autodidact.rl.task;

import java.util.Map;

/**
 * What a label-free method may see of a problem: its text and metadata, never its answer.
 *
 * @param task       the task family that generated it, e.g. {@code ADD}
 * @param id         {@code task:canonical}; two prompts with the same id are the same problem
 *                   (operand order and other surface variation removed)
 * @param text       the bare problem, e.g. {@code 347+589=}; {@link Task#renderPrompt} adds the
 *                   model-input framing
 * @param split      the split the canonical form hashes to
 * @param difficulty the difficulty knob it was drawn at (digits, steps, numbers)
 * @param metadata   task-specific facts a verifier-free method may use (e.g. Countdown numbers)
 */
public record Prompt(String task, String id, String text, Split split, int difficulty, Map<String, String> metadata) {
    public Prompt {
        if (task.isEmpty() || id.isEmpty() || text.isEmpty())
            throw new IllegalArgumentException("Prompt: task, id and text must be non-empty, got task='" + task + "' id='" + id + "' text='" + text + "'");
        metadata = Map.copyOf(metadata);
    }

    /** The metadata value for {@code key}; throws naming the prompt when it is absent. */
    public String meta(String key) {
        String v = metadata.get(key);
        if (v == null) throw new IllegalArgumentException("Prompt " + id + " has no metadata '" + key + "' (has " + metadata.keySet() + ")");
        return v;
    }
}
