package dev.autodidact.transformer.perf;

import java.util.Locale;

/**
 * One throughput measurement of the engine report: a training or sampling rate on one model
 * preset at one thread count, with the peak resident memory of the process that measured it.
 *
 * @param name       {@code train} or {@code sample}
 * @param preset     the {@code ModelConfig} preset (S, M, L)
 * @param threads    kernel threads ({@code Parallel.setThreads})
 * @param batch      sequences per step (training) or sampled together (sampling)
 * @param kvCache    sampling with the KV cache (always false for training)
 * @param tokensPerS training: batch × ctx tokens per second of forward + backward + AdamW;
 *                   sampling: new tokens per second
 * @param peakRssMb  VmHWM of the measuring process, MiB (-1 where unknown)
 * @param extra      more fields as JSON members without braces ("" for none), e.g. the losses
 */
public record Measurement(String name, String preset, int threads, int batch, boolean kvCache,
                          double tokensPerS, double peakRssMb, String extra) {

    /** The JSON line of the engine report (the format of bench/README.md). */
    public String toJson() {
        return String.format(Locale.ROOT,
                "{\"name\":\"%s\",\"preset\":\"%s\",\"threads\":%d,\"batch\":%d,\"kv_cache\":%b,\"tokens_per_s\":%.0f,\"peak_rss_mb\":%.0f%s}",
                name, preset, threads, batch, kvCache, tokensPerS, peakRssMb, extra.isEmpty() ? "" : "," + extra);
    }
}
