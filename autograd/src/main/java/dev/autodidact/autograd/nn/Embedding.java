package dev.autodidact.autograd.nn;

import dev.autodidact.autograd.Var;
import dev.autodidact.autograd.ops.Indexing;
import dev.autodidact.tensor.IntTensor;
import dev.autodidact.tensor.random.Rng;

/** A table of V vectors of size C: ids [...] → [..., C]. */
public final class Embedding extends Module {
    private final Parameter table;

    public Embedding(int vocab, int dim, Init init, Rng rng) {
        this.table = parameter("weight", Parameter.Role.EMBEDDING, init.create(rng, vocab, dim));
    }

    public Var forward(IntTensor ids) {
        return Indexing.embedding(table.var(), ids);
    }

    /** The [V, C] table (tied output heads use it as a weight). */
    public Parameter weight() { return table; }
}
