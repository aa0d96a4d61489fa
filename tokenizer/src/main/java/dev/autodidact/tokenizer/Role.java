package dev.autodidact.tokenizer;

/** Who speaks a turn of a multi-turn prompt, and the marker that opens the turn. */
public enum Role {
    SYSTEM(Markers.SYSTEM),
    USER(Markers.USER),
    ASSISTANT(Markers.ASSISTANT),
    /** The policy judging a response (self-rewarding judges, step critics). */
    JUDGE(Markers.JUDGE);

    private final String marker;

    Role(String marker) {
        this.marker = marker;
    }

    /** The special token that opens a turn of this role. */
    public String marker() {
        return marker;
    }
}
