package dev.autodidact.autograd;

/**
 * A scope in which ops record nothing and produce constants: rollouts, evaluation, optimizer
 * updates. {@code try (var ng = NoGrad.enter()) { ... }}; scopes nest.
 */
public final class NoGrad implements AutoCloseable {
    private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    private final int[] depth;
    private boolean closed;

    private NoGrad(int[] depth) {
        this.depth = depth;
    }

    /** Enters a no-grad scope on this thread. */
    public static NoGrad enter() {
        int[] d = DEPTH.get();
        d[0]++;
        return new NoGrad(d);
    }

    /** Whether ops on this thread currently record gradients. */
    public static boolean gradEnabled() {
        return DEPTH.get()[0] == 0;
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        depth[0]--;
    }
}
