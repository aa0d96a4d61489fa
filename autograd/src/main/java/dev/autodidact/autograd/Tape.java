package dev.autodidact.autograd;

import java.util.ArrayList;

/**
 * The per-thread record of op outputs that need a gradient, in creation order. Creation order is
 * a topological order of the graph, so backward is one reverse sweep over the tape from the
 * output: each node with a pending gradient runs its rule and is then released (its saved
 * activations become garbage at once) and removed from the tape.
 *
 * <p>Nodes that no backward reaches stay recorded until {@link #clear}; run evaluation and
 * rollouts inside {@link NoGrad} so that nothing is recorded in the first place.
 */
public final class Tape {
    private static final ThreadLocal<Tape> CURRENT = ThreadLocal.withInitial(Tape::new);

    private final ArrayList<Var> nodes = new ArrayList<>();
    private long nextSeq;

    private Tape() {}

    /** This thread's tape. */
    public static Tape current() {
        return CURRENT.get();
    }

    /** Number of nodes recorded on this thread's tape and not yet released. */
    public static int size() {
        return current().nodes.size();
    }

    /** Releases every recorded node of this thread (their graphs can no longer be differentiated). */
    public static void clear() {
        Tape t = current();
        for (Var v : t.nodes) v.release();
        t.nodes.clear();
    }

    void record(Var v) {
        v.seq = nextSeq++;
        nodes.add(v);
    }

    /** The reverse sweep from {@code root}, whose gradient has already been seeded. */
    void sweep(Var root) {
        int top = position(root);
        if (top < 0) {
            throw new IllegalStateException("backward: '" + root.opName() + "' was recorded on another thread's tape or released by Tape.clear()");
        }
        boolean[] ran = new boolean[top + 1];
        try {
            for (int i = top; i >= 0; i--) {
                Var v = nodes.get(i);
                if (v.hasPendingGrad()) {
                    v.runBackward();
                    ran[i] = true;
                }
            }
        } catch (RuntimeException | Error e) {
            // A failed sweep leaves half-propagated gradients behind; release everything it could
            // have touched so that no later backward picks them up.
            for (int i = 0; i <= top; i++) {
                nodes.get(i).release();
                ran[i] = true;
            }
            compact(ran);
            throw e;
        }
        compact(ran);
    }

    /** Removes the nodes marked in {@code drop} (indices below its length), keeping the order of the rest. */
    private void compact(boolean[] drop) {
        int w = 0;
        for (int i = 0; i < nodes.size(); i++) {
            if (i < drop.length && drop[i]) continue;
            nodes.set(w++, nodes.get(i));
        }
        nodes.subList(w, nodes.size()).clear();
    }

    private int position(Var root) {
        int lo = 0, hi = nodes.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long s = nodes.get(mid).seq;
            if (s == root.seq) return nodes.get(mid) == root ? mid : -1;
            if (s < root.seq) lo = mid + 1;
            else hi = mid - 1;
        }
        return -1;
    }
}
