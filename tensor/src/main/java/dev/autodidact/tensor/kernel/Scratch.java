package dev.autodidact.tensor.kernel;

/**
 * Small per-thread scratch rows for kernels that compute in passes over a block (an argument
 * row, then {@link VecMath}'s row exp or tanh over it, then a combining pass). A block of
 * {@link #BLOCK} floats stays in L1, so the extra pass costs little, and the slots let a kernel
 * hold a block while calling one that needs its own ({@link #VECMATH} is {@link VecMath}'s).
 */
public final class Scratch {
    /** Floats per block: 4 KiB, a multiple of every vector length. */
    public static final int BLOCK = 1024;
    /** Slots for kernels outside {@link VecMath}. */
    public static final int FIRST = 0, SECOND = 1;
    static final int VECMATH = 2;
    private static final int SLOTS = 3;

    private static final ThreadLocal<float[][]> BLOCKS = ThreadLocal.withInitial(() -> new float[SLOTS][BLOCK]);

    private Scratch() {}

    /** This thread's block in {@code slot}; its contents are whatever the last user left. */
    public static float[] block(int slot) {
        return BLOCKS.get()[slot];
    }
}
