package dev.autodidact.transformer.score;

/** A prompt and a completion to score (token ids); the completion may be empty. */
public record Sequence(int[] prompt, int[] completion) {
    public Sequence {
        if (prompt.length == 0) throw new IllegalArgumentException("sequence: the prompt is empty; it needs at least one token (e.g. <bos>)");
        prompt = prompt.clone();
        completion = completion.clone();
    }

    public int length() {
        return prompt.length + completion.length;
    }

    /** prompt ++ completion. */
    public int[] tokens() {
        int[] t = java.util.Arrays.copyOf(prompt, length());
        System.arraycopy(completion, 0, t, prompt.length, completion.length);
        return t;
    }
}
