package dev.autodidact.transformer.sft;

/** One supervised pair as text: the prompt the model is given and the response it should produce. */
public record Example(String prompt, String response) {
    public Example {
        if (prompt == null || response == null) throw new IllegalArgumentException("example: prompt and response must be non-null");
    }
}
