package dev.autodidact.autograd.nn;

import dev.autodidact.autograd.Var;

import java.util.List;

/** Layers applied in order; children are named "0", "1", ... */
public final class Sequential extends Module implements Layer {
    private final List<Layer> layers;

    public Sequential(Layer... layers) {
        for (int i = 0; i < layers.length; i++) {
            if (!(layers[i] instanceof Module m)) throw new IllegalArgumentException("Sequential: layer " + i + " (" + layers[i].getClass().getSimpleName() + ") is not a Module");
            child(Integer.toString(i), m);
        }
        this.layers = List.of(layers);
    }

    @Override
    public Var forward(Var x) {
        for (Layer l : layers) x = l.forward(x);
        return x;
    }

    public List<Layer> layers() { return layers; }
}
