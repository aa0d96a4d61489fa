package dev.autodidact.autograd.nn;

import dev.autodidact.autograd.Var;
import dev.autodidact.tensor.Arena;
import dev.autodidact.tensor.Tensor;

/**
 * A trainable tensor owned by a {@link Module}: a leaf {@link Var} plus the role it plays, which
 * optimizers use to decide, for example, which parameters skip weight decay. Its name inside its
 * module is {@link #name()}; the dotted full name (what checkpoints store) comes from
 * {@link Module#namedParameters()}.
 */
public final class Parameter {

    /** What a parameter is for; parameter groups are usually formed by role. */
    public enum Role { WEIGHT, BIAS, NORM, EMBEDDING }

    private final String name;
    private final Role role;
    private final Var var;

    public Parameter(String name, Role role, Tensor value) {
        // Always a private copy: optimizers update the backing array in place, and a value built
        // inside an Arena scope would otherwise be recycled when the scope closes.
        try (var _ = Arena.outside()) {
            value = value.copy();
        }
        this.name = name;
        this.role = role;
        this.var = Var.leaf(value);
    }

    public String name() { return name; }
    public Role role() { return role; }
    /** The leaf to use in forward passes. */
    public Var var() { return var; }
    public Tensor value() { return var.value(); }
    /** The accumulated gradient, or null when none arrived since the last zeroGrad. */
    public Tensor grad() { return var.grad(); }
    public int[] shape() { return var.shape(); }
    public int numel() { return var.numel(); }
    public void zeroGrad() { var.zeroGrad(); }

    @Override
    public String toString() {
        return "Parameter(" + name + ", " + role + ", " + java.util.Arrays.toString(shape()) + ")";
    }
}
