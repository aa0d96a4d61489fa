package dev.autodidact.autograd.nn;

import dev.autodidact.autograd.Var;

/** A module that maps one value to one value, so that it can sit in a {@link Sequential}. */
public interface Layer {
    Var forward(Var x);
}
