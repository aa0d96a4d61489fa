package dev.autodidact.autograd.optim;

import dev.autodidact.autograd.nn.Parameter;
import dev.autodidact.autograd.nn.State;

import java.util.List;

/** Updates parameters from their accumulated gradients. */
public interface Optimizer {

    /** One update with the gradients accumulated since the last {@link #zeroGrad}. */
    void step();

    /** Forgets every parameter's gradient. */
    default void zeroGrad() {
        for (ParamGroup gr : groups()) for (Parameter p : gr.params().values()) p.zeroGrad();
    }

    /** Number of steps taken. */
    long steps();

    /** The learning rate the next step of group i will use (base rate × schedule). */
    double learningRate(int group);

    List<ParamGroup> groups();

    /** Moments, step count: everything needed to continue bit-identically. Tensors are copies. */
    State state();

    /** Restores {@link #state()} exactly. */
    void load(State state);

    /** The gradient of p, or an error naming the optimizer, parameter, group and shape when it never arrived. */
    static float[] requireGrad(String optimizer, ParamGroup group, String name, Parameter p) {
        if (p.grad() == null) {
            throw new IllegalStateException(optimizer + ".step: parameter '" + name + "' " + java.util.Arrays.toString(p.shape()) + " in group '" + group.name()
                    + "' received no gradient; it was not used by the loss, or backward was not called (exclude frozen parameters from the optimizer)");
        }
        return p.grad().data();
    }
}
