package dev.autodidact.rl.train;

/**
 * Thrown when a loss or a gradient norm is NaN or infinite: the update is not applied, and the
 * run stops so that its last checkpoint stays the last good state.
 */
public final class TrainingDiverged extends RuntimeException {
    private final long step;

    public TrainingDiverged(long step, String message) {
        super("step " + step + ": " + message + "; the update was not applied and the run stops (its last checkpoint is the last good state)");
        this.step = step;
    }

    public long step() {
        return step;
    }
}
