package dev.autodidact.autograd.ops;

import dev.autodidact.tensor.Shapes;
import dev.autodidact.tensor.Tensor;

import java.util.Arrays;

/**
 * Reduces a gradient back to the shape of an input that was broadcast: summed over the leading
 * axes the input lacked and over the axes where the input had size 1.
 */
public final class Broadcast {
    private Broadcast() {}

    /** g has the broadcast shape; the result has {@code shape} (g itself when nothing was broadcast). */
    public static Tensor sumToShape(Tensor g, int[] shape) {
        int[] gs = g.shape();
        if (Arrays.equals(gs, shape)) return g;
        int lead = gs.length - shape.length;
        if (lead < 0) throw new IllegalArgumentException("sumToShape: gradient " + Shapes.format(gs) + " has fewer axes than input " + Shapes.format(shape));
        Tensor r = g;
        if (lead > 0) {
            // Fold every missing leading axis into one and sum it away in a single pass.
            int[] folded = new int[shape.length + 1];
            folded[0] = -1;
            System.arraycopy(gs, lead, folded, 1, shape.length);
            r = r.reshape(folded).sum(0, false);
        }
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] == 1 && r.size(i) != 1) r = r.sum(i, true);
            else if (shape[i] != r.size(i)) throw new IllegalArgumentException("sumToShape: gradient " + Shapes.format(gs) + " does not broadcast from input " + Shapes.format(shape));
        }
        return r;
    }
}
