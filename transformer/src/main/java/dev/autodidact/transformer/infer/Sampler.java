package dev.autodidact.transformer.infer;

import dev.autodidact.tensor.Parallel;
import dev.autodidact.tensor.random.Rng;
import dev.autodidact.tokenizer.Tokenizer;
import dev.autodidact.transformer.Transformer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Batched generation: prefill every prompt (different lengths, packed), then decode all live
 * sequences together one token per step through the {@link Decoder}; a sequence that stops
 * leaves the active set at once. Sequence i draws from its own stream
 * {@code Rng.derive(seed, keys[i])}, so a sample does not depend on which other prompts share
 * the batch, on their order, or on the thread count. Not thread-safe (it reuses its decoders and
 * their caches between calls): one sampler per calling thread.
 *
 * <p>Threads: with more than one thread and at least {@link #MIN_GROUP} sequences per thread,
 * the batch is cut into one contiguous group per thread, and each group runs the whole decode
 * loop on its own decoder (shared read-only weights, its own cache), with every op inside it
 * serial. A decode step of a small model is a few dozen ops of tens of microseconds each;
 * splitting every op across threads paid a synchronisation per op and ran the S preset slower
 * on 2 threads than on 1. Rows of a batch never interact, so the groups change no result.
 */
public final class Sampler {
    private final Transformer model;
    private final Optional<Tokenizer> tokenizer;
    /** Fewest sequences per group worth a thread of their own (a few register tiles of rows). */
    static final int MIN_GROUP = 16;
    private DecoderWeights weights;   // shared by the groups' decoders
    private Decoder[] decoders = new Decoder[0];   // one per group, reused while large enough
    private Decoder.Steering steering;

    public Sampler(Transformer model, Optional<Tokenizer> tokenizer) {
        this.model = model;
        this.tokenizer = tokenizer;
    }

    public Sampler(Transformer model) {
        this(model, Optional.empty());
    }

    /** The (first group's) decoder of the last call (for its cache statistics), if any. */
    public Optional<Decoder> decoder() {
        return decoders.length == 0 ? Optional.empty() : Optional.ofNullable(decoders[0]);
    }

    /** Adds {@code s.vector()} to the residual stream after block {@code s.layer()} for every token of later calls (null clears it). */
    public Sampler steering(Decoder.Steering s) {
        this.steering = s;
        return this;
    }

    /** Samples with stream keys 0, 1, 2, … (the prompt's index). */
    public List<Sample> sample(List<int[]> prompts, SamplingConfig cfg) {
        long[] keys = new long[prompts.size()];
        for (int i = 0; i < keys.length; i++) keys[i] = i;
        return sample(prompts, keys, cfg);
    }

    /** One continuation per prompt; prompt i samples from stream {@code Rng.derive(cfg.seed(), keys[i])}. */
    public List<Sample> sample(List<int[]> prompts, long[] keys, SamplingConfig cfg) {
        int b = prompts.size(), ctx = model.config().contextLength();
        if (keys.length != b) throw new IllegalArgumentException("sampler: " + b + " prompts but " + keys.length + " stream keys");
        if (b == 0) return List.of();
        for (int i = 0; i < b; i++) {
            int[] p = prompts.get(i);
            if (p.length == 0) throw new IllegalArgumentException("sampler: prompt " + i + " is empty; it needs at least one token (e.g. <bos>)");
            if (p.length > ctx) throw new IllegalArgumentException("sampler: prompt " + i + " has " + p.length + " tokens, more than the context length " + ctx);
        }
        int groups = Parallel.threads() > 1 ? Math.max(1, Math.min(Parallel.threads(), b / MIN_GROUP)) : 1;
        if (weights == null) weights = new DecoderWeights(model);
        else weights.sync();   // the model may have been trained since the last call
        if (decoders.length < groups) decoders = Arrays.copyOf(decoders, groups);
        Sample[] out = new Sample[b];
        if (groups == 1) {
            sampleGroup(0, prompts, keys, 0, b, cfg, out);
        } else {
            Parallel.forRange(groups, 1, (lo, hi) -> {
                for (int g = lo; g < hi; g++) sampleGroup(g, prompts, keys, Parallel.chunkStart(b, groups, g), Parallel.chunkStart(b, groups, g + 1), cfg, out);
            });
        }
        return List.of(out);
    }

    /** Generates sequences [from, to) on group g's decoder (every op inside runs on this thread when groups run in parallel). */
    private void sampleGroup(int g, List<int[]> allPrompts, long[] keys, int from, int to, SamplingConfig cfg, Sample[] out) {
        int b = to - from, ctx = model.config().contextLength(), v = model.config().vocabSize();
        List<int[]> prompts = allPrompts.subList(from, to);
        int promptTokens = 0, longestPrompt = 0;
        for (int[] p : prompts) {
            promptTokens += p.length;
            longestPrompt = Math.max(longestPrompt, p.length);
        }
        // A sequence feeds at most its prompt and cap − 1 sampled tokens: the cache needs no more.
        int capacity = (int) Math.min(ctx, (long) longestPrompt + cfg.maxNewTokens());
        Decoder dec = decoder(g, b, Math.max(b, Math.min(cfg.useCache() ? promptTokens : b * capacity, 1024)), capacity);
        Rng[] rngs = new Rng[b];
        for (int i = 0; i < b; i++) rngs[i] = Rng.derive(cfg.seed(), keys[from + i]);
        Row[] rows = new Row[b];
        for (int i = 0; i < b; i++) rows[i] = new Row(prompts.get(i), Math.min(cfg.maxNewTokens(), ctx));
        float[] logits = new float[b * v];
        int[] active = new int[b], next = new int[b], feed = new int[b];
        int nActive = b;
        for (int i = 0; i < b; i++) active[i] = i;
        dec.setSteering(steering);
        dec.cache().reset();
        dec.prefill(prompts, active, logits);   // slot i = sequence i; logits row i
        TokenChooser[] choosers = new TokenChooser[b];   // one per sequence: rows are chosen in parallel
        for (int i = 0; i < b; i++) choosers[i] = new TokenChooser(v);
        while (nActive > 0) {
            int live = nActive;
            // Each row's choice reads only its logits row and its own stream, so the split over threads changes nothing.
            Parallel.forRange(live, Math.max(1, 65536 / v), (lo, hi) -> {
                for (int a = lo; a < hi; a++) choose(rows[active[a]], choosers[active[a]], logits, a * v, cfg, rngs[active[a]], ctx);
            });
            int kept = 0;
            for (int a = 0; a < live; a++) {
                int i = active[a];
                if (rows[i].reason != null) continue;
                next[kept] = i;
                feed[kept++] = rows[i].tokens[rows[i].n - 1];
            }
            nActive = kept;
            System.arraycopy(next, 0, active, 0, kept);
            if (nActive == 0) break;
            if (cfg.useCache()) {
                dec.step(nActive, active, feed, logits);
            } else {
                // Benchmark baseline: forget the cache and recompute every live sequence in full.
                List<int[]> full = new ArrayList<>(nActive);
                for (int a = 0; a < nActive; a++) full.add(rows[active[a]].sequence());
                dec.cache().reset();
                dec.prefill(full, active, logits);
            }
        }
        for (int i = 0; i < b; i++) out[from + i] = rows[i].toSample(tokenizer);
    }

    /** Samples one token for a live row, or ends it (stop token, token cap, full context). */
    private static void choose(Row r, TokenChooser chooser, float[] logits, int off, SamplingConfig cfg, Rng rng, int ctx) {
        if (r.prompt.length + r.n >= ctx) {
            r.finish(Sample.StopReason.CONTEXT_FULL, true);
            return;
        }
        chooser.choose(logits, off, cfg, rng);
        r.add(chooser, cfg.reportTopK() > 0 ? chooser.top(logits, off, cfg.reportTopK()) : null);
        if (cfg.isStop(chooser.token)) r.finish(Sample.StopReason.STOP_TOKEN, false);
        else if (r.n >= cfg.maxNewTokens()) r.finish(Sample.StopReason.MAX_NEW_TOKENS, false);
        else if (r.prompt.length + r.n >= ctx) r.finish(Sample.StopReason.CONTEXT_FULL, true);
    }

    /** Group g's decoder, rebuilt (never shrunk) when this call needs more slots, rows or cache positions. */
    private Decoder decoder(int g, int slots, int tokens, int capacity) {
        Decoder d = decoders[g];
        if (d == null || d.cache().slots() < slots || d.maxTokensPerCall() < tokens || d.cache().contextLength() < capacity) {
            int keepSlots = d == null ? slots : Math.max(slots, d.cache().slots()), keepTokens = d == null ? tokens : Math.max(tokens, d.maxTokensPerCall());
            int keepCapacity = d == null ? capacity : Math.max(capacity, d.cache().contextLength());
            decoders[g] = d = new Decoder(model, keepSlots, keepTokens, weights, keepCapacity);
        }
        return d;
    }

    /** The growing state of one sequence. */
    private static final class Row {
        final int[] prompt;
        final int[] tokens;
        final float[] logProbs, raw, entropy;
        final List<Sample.TopTokens> top = new ArrayList<>();
        int n;
        Sample.StopReason reason;
        boolean truncated;

        Row(int[] prompt, int cap) {
            this.prompt = prompt;
            tokens = new int[cap];
            logProbs = new float[cap];
            raw = new float[cap];
            entropy = new float[cap];
        }

        void add(TokenChooser c, Sample.TopTokens t) {
            tokens[n] = c.token;
            logProbs[n] = c.logProb;
            raw[n] = c.rawLogProb;
            entropy[n] = c.entropy;
            n++;
            if (t != null) top.add(t);
        }

        void finish(Sample.StopReason r, boolean trunc) {
            reason = r;
            truncated = trunc;
        }

        int[] sequence() {
            int[] s = Arrays.copyOf(prompt, prompt.length + n);
            System.arraycopy(tokens, 0, s, prompt.length, n);
            return s;
        }

        Sample toSample(Optional<Tokenizer> tok) {
            int[] t = Arrays.copyOf(tokens, n);
            String text = tok.map(k -> k.decode(t)).orElse("");
            return new Sample(prompt, t, text, Arrays.copyOf(logProbs, n), Arrays.copyOf(raw, n), Arrays.copyOf(entropy, n),
                    List.copyOf(top), reason, truncated);
        }
    }
}
