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
 * the batch, on their order, or on the thread count. Not thread-safe (it reuses one decoder and
 * its cache between calls): one sampler per calling thread.
 */
public final class Sampler {
    private final Transformer model;
    private final Optional<Tokenizer> tokenizer;
    private Decoder decoder;   // reused while large enough
    private Decoder.Steering steering;

    public Sampler(Transformer model, Optional<Tokenizer> tokenizer) {
        this.model = model;
        this.tokenizer = tokenizer;
    }

    public Sampler(Transformer model) {
        this(model, Optional.empty());
    }

    /** The decoder of the last call (for its cache statistics), if any. */
    public Optional<Decoder> decoder() {
        return Optional.ofNullable(decoder);
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
        int b = prompts.size(), ctx = model.config().contextLength(), v = model.config().vocabSize();
        if (keys.length != b) throw new IllegalArgumentException("sampler: " + b + " prompts but " + keys.length + " stream keys");
        if (b == 0) return List.of();
        int promptTokens = 0;
        for (int i = 0; i < b; i++) {
            int[] p = prompts.get(i);
            if (p.length == 0) throw new IllegalArgumentException("sampler: prompt " + i + " is empty; it needs at least one token (e.g. <bos>)");
            if (p.length > ctx) throw new IllegalArgumentException("sampler: prompt " + i + " has " + p.length + " tokens, more than the context length " + ctx);
            promptTokens += p.length;
        }
        Decoder dec = decoder(b, Math.max(b, Math.min(cfg.useCache() ? promptTokens : b * ctx, 1024)));
        Rng[] rngs = new Rng[b];
        for (int i = 0; i < b; i++) rngs[i] = Rng.derive(cfg.seed(), keys[i]);
        Row[] rows = new Row[b];
        for (int i = 0; i < b; i++) rows[i] = new Row(prompts.get(i), Math.min(cfg.maxNewTokens(), ctx));
        float[] logits = new float[b * v];
        int[] active = new int[b], next = new int[b], feed = new int[b];
        int nActive = b;
        for (int i = 0; i < b; i++) active[i] = i;
        dec.syncWeights();   // the model may have been trained since the last call
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
        List<Sample> out = new ArrayList<>(b);
        for (Row r : rows) out.add(r.toSample(tokenizer));
        return out;
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

    private Decoder decoder(int slots, int tokens) {
        if (decoder == null || decoder.cache().slots() < slots || decoder.maxTokensPerCall() < tokens) decoder = new Decoder(model, slots, tokens);
        return decoder;
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
