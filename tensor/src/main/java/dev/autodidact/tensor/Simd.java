package dev.autodidact.tensor;

import java.lang.System.Logger.Level;

/**
 * Decides once whether the SIMD kernels (jdk.incubator.vector) or the plain-loop reference
 * kernels run. The Vector API is an incubator module: started without
 * {@code --add-modules jdk.incubator.vector} the JVM lacks it, and we fall back to the scalar
 * kernels with one warning instead of failing with NoClassDefFoundError. {@code
 * -Dautodidact.kernels=naive} selects the reference kernels on purpose (for debugging).
 */
public final class Simd {
    private static final boolean AVAILABLE = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    private static volatile boolean enabled = decide();

    private Simd() {}

    /** True when the vectorised kernels run. */
    public static boolean enabled() {
        return enabled;
    }

    /** True when the JVM has the Vector API module at all. */
    public static boolean available() {
        return AVAILABLE;
    }

    /** Switches between fast and reference kernels (tests compare the two). */
    public static void setEnabled(boolean on) {
        if (on && !AVAILABLE) throw new IllegalStateException("Simd.setEnabled(true): jdk.incubator.vector is not in this JVM; start it with --add-modules jdk.incubator.vector");
        enabled = on;
    }

    private static boolean decide() {
        String mode = System.getProperty("autodidact.kernels", "fast");
        if (mode.equals("naive")) return false;
        if (!mode.equals("fast")) throw new IllegalArgumentException("system property autodidact.kernels must be 'fast' or 'naive', got '" + mode + "'");
        if (!AVAILABLE) {
            System.getLogger("autodidact").log(Level.WARNING,
                    "jdk.incubator.vector is not available: running scalar reference kernels (much slower). "
                            + "Start java with --add-modules jdk.incubator.vector.");
        }
        return AVAILABLE;
    }
}
