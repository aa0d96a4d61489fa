package dev.autodidact.transformer;

import dev.autodidact.tensor.IntTensor;
import dev.autodidact.tensor.Tensor;

import java.util.List;

/**
 * A right-padded batch for next-token losses on response tokens only: ids [B, T], keyMask [B, T]
 * (1 = real token), targets [B, T] (the next token where it is a response token, else
 * {@link Transformer#IGNORE}) and per-token weights [B, T]. T is the longest prompt + response.
 */
public record SupervisedBatch(IntTensor ids, Tensor keyMask, IntTensor targets, Tensor weights, int responseTokens) {

    /** One (prompt, response) pair with a weight for each response token (null = all 1). */
    public record Pair(int[] prompt, int[] response, float[] weights) {
        public Pair {
            if (prompt.length == 0) throw new IllegalArgumentException("supervised pair: the prompt is empty; it needs at least one token (e.g. <bos>)");
            if (weights != null && weights.length != response.length) {
                throw new IllegalArgumentException("supervised pair: " + weights.length + " weights for " + response.length + " response tokens");
            }
        }

        public Pair(int[] prompt, int[] response) {
            this(prompt, response, null);
        }
    }

    /** Packs pairs; padding positions hold {@code padId} and are masked out of attention and the loss. */
    public static SupervisedBatch of(List<Pair> pairs, int padId, int contextLength) {
        if (pairs.isEmpty()) throw new IllegalArgumentException("supervised batch: no pairs");
        int b = pairs.size(), t = 0;
        for (int i = 0; i < b; i++) {
            Pair p = pairs.get(i);
            int len = p.prompt().length + p.response().length;
            if (len > contextLength) {
                throw new IllegalArgumentException("supervised batch: pair " + i + " has " + p.prompt().length + " prompt + " + p.response().length
                        + " response tokens, more than the context length " + contextLength);
            }
            t = Math.max(t, len);
        }
        int[] ids = new int[b * t], targets = new int[b * t];
        float[] mask = new float[b * t], weights = new float[b * t];
        java.util.Arrays.fill(ids, padId);
        java.util.Arrays.fill(targets, Transformer.IGNORE);
        int count = 0;
        for (int i = 0; i < b; i++) {
            Pair p = pairs.get(i);
            int pl = p.prompt().length, rl = p.response().length, row = i * t;
            System.arraycopy(p.prompt(), 0, ids, row, pl);
            System.arraycopy(p.response(), 0, ids, row + pl, rl);
            for (int j = 0; j < pl + rl; j++) mask[row + j] = 1f;
            // Response token j sits at position pl + j and is predicted from position pl + j − 1.
            for (int j = 0; j < rl; j++) {
                targets[row + pl + j - 1] = p.response()[j];
                weights[row + pl + j - 1] = p.weights() == null ? 1f : p.weights()[j];
            }
            count += rl;
        }
        return new SupervisedBatch(IntTensor.of(ids, b, t), Tensor.of(mask, b, t), IntTensor.of(targets, b, t), Tensor.of(weights, b, t), count);
    }
}
