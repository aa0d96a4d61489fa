package dev.autodidact.autograd;

import dev.autodidact.tensor.Shapes;
import dev.autodidact.tensor.Tensor;
import dev.autodidact.tensor.random.Rng;

import java.util.function.Function;

/**
 * Compares the gradients backward computes with central finite differences.
 *
 * <p>The checked scalar is L = Σ w ⊙ f(x) with fixed random weights w (so every output element
 * matters and symmetric mistakes do not cancel); L is accumulated in double from the float
 * outputs. Each input element is moved by ±eps and dL/dx ≈ (L(x+eps) − L(x−eps)) / 2eps.
 *
 * <p>Why the defaults (eps = 1e-2, |analytic − numeric| ≤ atol + rtol·|numeric| with atol = 2e-3,
 * rtol = 1e-2): the forward runs in float32, so each L carries a rounding error of roughly
 * 1e-7·Σ|w·f|; divided by 2eps that is ~1e-5 per unit of output for O(1) inputs — an eps much
 * smaller would drown the difference in rounding. The truncation error of central differences is
 * eps²/6·f''' ≈ 2e-5·f''', also far below the tolerance. A wrong backward (a missing factor,
 * a transposed operand, a dropped broadcast sum) is off by O(1), so it still fails loudly.
 * Inputs must keep every element at least eps away from a kink (relu at 0, max ties).
 */
public final class GradCheck {
    private GradCheck() {}

    /** Tolerances and step; {@link #DEFAULT} is justified in the class comment. */
    public record Options(double eps, double atol, double rtol, long seed) {
        public static final Options DEFAULT = new Options(1e-2, 2e-3, 1e-2, 1234);

        public Options withTolerance(double atol, double rtol) {
            return new Options(eps, atol, rtol, seed);
        }
    }

    /** The worst disagreement found; {@link #check} throws when it exceeds the tolerance. */
    public record Result(double maxAbsError, double maxRelError, int elementsChecked) {}

    public static Result check(String name, Function<Var[], Var> f, Tensor... inputs) {
        return check(name, Options.DEFAULT, f, inputs);
    }

    /**
     * Checks d(Σ w·f)/d(input) for every element of every input; inputs are copied, never
     * modified. Throws {@link AssertionError} naming the op, input, element and both values.
     */
    public static Result check(String name, Options o, Function<Var[], Var> f, Tensor... inputs) {
        Tensor[] xs = new Tensor[inputs.length];
        Var[] leaves = new Var[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            xs[i] = inputs[i].copy();
            leaves[i] = Var.leaf(xs[i]);
        }
        Var out = f.apply(leaves);
        Tensor w = Tensor.normal(Rng.of(o.seed()), 0f, 1f, out.shape());
        out.backward(w);
        double maxAbs = 0, maxRel = 0;
        int checked = 0;
        for (int i = 0; i < xs.length; i++) {
            Tensor analytic = leaves[i].grad();
            if (analytic == null) analytic = Tensor.zeros(xs[i].shape());
            float[] a = analytic.contiguous().toArray();
            float[] d = xs[i].data();
            for (int j = 0; j < d.length; j++) {
                float saved = d[j];
                d[j] = (float) (saved + o.eps());
                double plus = weighted(f, xs, w);
                d[j] = (float) (saved - o.eps());
                double minus = weighted(f, xs, w);
                d[j] = saved;
                // The float steps may differ from ±eps by rounding; divide by the step actually taken.
                double step = (double) (float) (saved + o.eps()) - (double) (float) (saved - o.eps());
                double numeric = (plus - minus) / step;
                double err = Math.abs(a[j] - numeric);
                maxAbs = Math.max(maxAbs, err);
                maxRel = Math.max(maxRel, err / Math.max(1e-12, Math.abs(numeric)));
                checked++;
                if (err > o.atol() + o.rtol() * Math.abs(numeric)) {
                    throw new AssertionError(name + ": gradient of input " + i + " " + Shapes.format(xs[i].shape()) + " at element " + j
                            + ": backward gives " + a[j] + ", central differences give " + numeric + " (|error| " + err + ")");
                }
            }
        }
        return new Result(maxAbs, maxRel, checked);
    }

    private static double weighted(Function<Var[], Var> f, Tensor[] xs, Tensor w) {
        Var[] cs = new Var[xs.length];
        for (int i = 0; i < xs.length; i++) cs[i] = Var.constant(xs[i]);
        Tensor y;
        try (var _ = NoGrad.enter()) {
            y = f.apply(cs).value();
        }
        float[] yv = y.contiguous().toArray(), wv = w.data();
        double s = 0;
        for (int k = 0; k < yv.length; k++) s += (double) wv[k] * yv[k];
        return s;
    }
}
