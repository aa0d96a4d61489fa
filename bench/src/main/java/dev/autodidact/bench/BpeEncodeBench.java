package dev.autodidact.bench;

import dev.autodidact.tokenizer.BpeTokenizer;
import dev.autodidact.tokenizer.BpeTrainer;
import dev.autodidact.tokenizer.BpeTrainingConfig;
import dev.autodidact.tokenizer.Markers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Byte-level BPE encode throughput on 4 MiB of generated text, with 3,000 merges trained on the
 * first MiB of it. Each operation encodes the whole text, so MB/s = 4.0 / (seconds per op) with
 * MB = 2^20 bytes; the setup prints the exact byte count.
 *
 * <pre>
 * ./mvnw -B -T1 -q -pl bench -am package -DskipTests
 * java --add-modules jdk.incubator.vector -cp bench/target/autodidact-bench.jar org.openjdk.jmh.Main BpeEncodeBench -f 1 -wi 2 -i 3
 * </pre>
 *
 * {@code encode} uses the word cache as in normal use; {@code encodeWithoutCache} measures the
 * merge algorithm itself; {@code preTokenizeOnly} is the regex split alone, the floor under both.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class BpeEncodeBench {

    private static final int TEXT_BYTES = 4 << 20;
    private static final int MERGES = 3000;

    private String text;
    private BpeTokenizer cached;
    private BpeTokenizer uncached;

    @Setup
    public void setUp() {
        text = generate(TEXT_BYTES, new SplittableRandom(42));
        String trainingSlice = text.substring(0, text.length() / 4);
        List<String> documents = List.of(trainingSlice.split("\n\n"));
        long start = System.nanoTime();
        cached = BpeTrainer.train(documents, BpeTrainingConfig.of(Markers.DEFAULT.size() + 256 + MERGES));
        long trainMillis = (System.nanoTime() - start) / 1_000_000;
        uncached = cached.toBuilder().cacheCapacity(0).build();
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        int tokens = cached.encode(text).length;
        System.out.printf("%nBpeEncodeBench: %d bytes of text, %d merges (trained in %d ms), %d tokens, %.2f bytes/token%n",
                bytes, cached.merges().size(), trainMillis, tokens, bytes / (double) tokens);
    }

    @Benchmark
    public int[] encode() {
        return cached.encode(text);
    }

    @Benchmark
    public int[] encodeWithoutCache() {
        return uncached.encode(text);
    }

    @Benchmark
    public void preTokenizeOnly(Blackhole sink) {
        cached.preTokenizer().split(text, 0, text.length(), sink::consume);
    }

    /**
     * Prose-like text: a Zipf-distributed vocabulary of made-up words (so that frequent words
     * repeat and rare ones exercise the merges), numbers, punctuation, a little non-Latin text,
     * and paragraphs.
     */
    static String generate(int targetBytes, SplittableRandom random) {
        String[] syllables = {"ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "en", "ar", "is", "th", "qu", "st",
            "pr", "ble", "tion", "ing", "er", "ou"};
        List<String> vocabulary = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            StringBuilder word = new StringBuilder();
            int length = 1 + random.nextInt(4);
            for (int s = 0; s < length; s++) {
                word.append(syllables[random.nextInt(syllables.length)]);
            }
            vocabulary.add(word.toString());
        }
        String[] exotic = {"café", "日本語", "Привет", "😀", "naïve", "東京"};
        StringBuilder text = new StringBuilder(targetBytes + 64);
        int bytes = 0;
        while (bytes < targetBytes) {
            String piece;
            double r = random.nextDouble();
            if (r < 0.85) {
                // Zipf(1): rank k is drawn with probability proportional to 1/k.
                int rank = (int) Math.min(vocabulary.size() - 1, Math.floor(Math.exp(random.nextDouble() * Math.log(vocabulary.size()))) - 1);
                piece = vocabulary.get(rank);
                if (random.nextInt(12) == 0) {
                    piece = Character.toUpperCase(piece.charAt(0)) + piece.substring(1);
                }
            } else if (r < 0.92) {
                piece = Integer.toString(random.nextInt(100_000));
            } else if (r < 0.99) {
                piece = new String[] {",", ".", ";", "!", "?", "(", ")", "'s", "--"}[random.nextInt(9)];
            } else {
                piece = exotic[random.nextInt(exotic.length)];
            }
            String separator = random.nextInt(60) == 0 ? "\n\n" : " ";
            text.append(piece).append(separator);
            bytes += piece.getBytes(StandardCharsets.UTF_8).length + separator.length();
        }
        return text.toString();
    }
}
