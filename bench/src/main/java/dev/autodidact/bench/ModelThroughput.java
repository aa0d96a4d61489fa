package dev.autodidact.bench;

import dev.autodidact.transformer.perf.Throughput;

/**
 * Training and sampling throughput of the transformer (the measuring core is
 * {@link Throughput} in the transformer module, shared with {@code autodidact bench engine}).
 * One JSON line per measurement on standard output:
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -XX:+UseSerialGC ... -cp ... dev.autodidact.bench.ModelThroughput train S 2
 * java --add-modules jdk.incubator.vector -XX:+UseSerialGC ... -cp ... dev.autodidact.bench.ModelThroughput sample M 2 [--no-cache]
 * {"name":"train","preset":"S","threads":2,"batch":32,"kv_cache":false,"tokens_per_s":...,"peak_rss_mb":...}
 * </pre>
 *
 * Run one measurement per JVM (peak RSS is per process), with the options of
 * {@code JvmOptions.MEASURE}; {@code bench/model-throughput.sh} runs the set.
 */
public final class ModelThroughput {
    private ModelThroughput() {}

    public static void main(String[] args) {
        dev.autodidact.transformer.perf.Main.main(args);
    }
}
