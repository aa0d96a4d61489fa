package dev.autodidact.transformer.score;

import dev.autodidact.autograd.Var;
import dev.autodidact.autograd.fused.LogProbs;
import dev.autodidact.autograd.ops.Indexing;
import dev.autodidact.tensor.IntTensor;
import dev.autodidact.tensor.Tensor;
import dev.autodidact.transformer.SupervisedBatch;
import dev.autodidact.transformer.Transformer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Teacher-forced scoring of completions: one forward over prompt ++ completion (right-padded),
 * then the rows that predict completion tokens are picked out ([N, L, V], gradients scatter back)
 * for log-probabilities, entropies and self-certainty. Every RL loss and self-reward reads this
 * one API; inside {@code NoGrad} it records nothing, outside it the results are differentiable.
 */
public final class Scorer {
    private final Transformer model;
    private final int padId;

    /** {@code padId} fills padding positions (any valid id: they are masked). */
    public Scorer(Transformer model, int padId) {
        this.model = model;
        this.padId = padId;
    }

    public Scorer(Transformer model) {
        this(model, 0);
    }

    public Scores score(List<Sequence> sequences, ScoreRequest request) {
        int n = sequences.size(), v = model.config().vocabSize(), ctx = model.config().contextLength();
        if (n == 0) throw new IllegalArgumentException("scorer: no sequences");
        List<SupervisedBatch.Pair> pairs = new ArrayList<>(n);
        int[] pl = new int[n], cl = new int[n];
        int longest = 1, t = 0;
        for (int i = 0; i < n; i++) {
            Sequence s = sequences.get(i);
            if (s.length() > ctx) throw new IllegalArgumentException("scorer: sequence " + i + " has " + s.length() + " tokens, more than the context length " + ctx);
            pairs.add(new SupervisedBatch.Pair(s.prompt(), s.completion()));
            pl[i] = s.prompt().length;
            cl[i] = s.completion().length;
            longest = Math.max(longest, cl[i]);
            t = Math.max(t, s.length());
        }
        SupervisedBatch batch = SupervisedBatch.of(pairs, padId, ctx);
        var out = model.run(batch.ids(), batch.keyMask(), request.hiddenLayers(), request.values());
        // Row (i, j) of the flattened logits [N·T, V] that predicts completion token j of sequence i.
        int lmax = longest, tt = t;
        int[] rows = new int[n * lmax], targets = new int[n * lmax];
        float[] mask = new float[n * lmax];
        for (int i = 0; i < n; i++) {
            int[] c = sequences.get(i).completion();
            for (int j = 0; j < cl[i]; j++) {
                rows[i * lmax + j] = i * t + pl[i] + j - 1;
                targets[i * lmax + j] = c[j];
                mask[i * lmax + j] = 1f;
            }
        }
        IntTensor rowIndex = IntTensor.of(rows, n, lmax), targetIds = IntTensor.of(targets, n, lmax);
        Var picked = Indexing.embedding(out.logits().reshape(n * t, v), rowIndex);          // [N, L, V]
        Var logProbs = LogProbs.logSoftmaxGather(picked, targetIds);                         // [N, L]
        Optional<Var> entropy = Optional.empty(), certainty = Optional.empty();
        if (request.entropy() || request.selfCertainty()) {
            Var lp = picked.logSoftmax();                                                    // [N, L, V]
            if (request.entropy()) entropy = Optional.of(lp.exp().mul(lp).sum(-1, false).neg());
            if (request.selfCertainty()) certainty = Optional.of(lp.mean(-1, false).neg().sub((float) Math.log(v)));
        }
        Optional<Tensor> next = Optional.empty();
        if (request.nextDistribution()) {
            Tensor lg = out.logits().value();                                                // [N, T, V]
            float[] d = new float[n * v];
            for (int i = 0; i < n; i++) {
                float[] row = lg.select(0, i).select(0, pl[i] + cl[i] - 1).softmax().toArray();
                System.arraycopy(row, 0, d, i * v, v);
            }
            next = Optional.of(Tensor.of(d, n, v));
        }
        Optional<Var> values = out.values().map(val -> Indexing.embedding(val.reshape(n * tt, 1), rowIndex).reshape(n, lmax));
        Map<Integer, Var> hidden = out.hidden();
        return new Scores(logProbs, Tensor.of(mask, n, lmax), pl, cl, entropy, certainty, next, hidden, values);
    }
}
