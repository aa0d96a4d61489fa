package dev.autodidact.transformer.perf;

import java.util.List;

/**
 * The JVM options a throughput measurement runs under, and why.
 *
 * <p>With its defaults (G1, a maximum heap of a quarter of RAM) the JVM grows its heap far past
 * what a training step keeps alive: peak RSS was 1.3 GB training preset S, whose step holds
 * about 230 MB. With an {@code Arena} a steady-state step allocates almost nothing, so a small
 * young generation suffices, and tight free ratios keep the serial collector's heap close to the
 * live set (S: 325 MB peak RSS, M: 860 MB). The same options suit any training run of the engine.
 */
public final class JvmOptions {
    private JvmOptions() {}

    /** Serial collector, 24 MB young generation, heap grown only to 10–20 % above the live set. */
    public static final List<String> MEASURE = List.of(
            "-XX:+UseSerialGC", "-Xmn24m", "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=20");
}
