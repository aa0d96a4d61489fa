package dev.autodidact.autograd.ops;

import dev.autodidact.autograd.GradCheck;
import dev.autodidact.autograd.Inputs;
import dev.autodidact.autograd.Tape;
import dev.autodidact.autograd.Var;
import dev.autodidact.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.function.Function;

/** Every binary and unary elementwise op against central differences (tolerances: see GradCheck). */
class ElementwiseGradTest {

    @AfterEach
    void clearTape() {
        Tape.clear();
    }

    private static void binary(String name, Function<Var[], Var> f, Tensor a, Tensor b) {
        GradCheck.check(name, f, a, b);
    }

    @Test
    void addSubMulDivMatchFiniteDifferencesIncludingBroadcasts() {
        int[][][] cases = {
                {{2, 3}, {2, 3}},          // same shape
                {{2, 3}, {3}},             // missing leading axis
                {{2, 1, 4}, {3, 1}},       // size-1 axes on both sides
                {{4}, {2, 3, 4}},          // the first input is the broadcast one
                {{}, {2, 2}},              // scalar
        };
        for (int[][] c : cases) {
            Tensor a = Inputs.normal(1, c[0]), b = Inputs.normal(2, c[1]);
            Tensor bPos = Inputs.uniform(3, 0.5f, 2f, c[1]);
            binary("add", v -> v[0].add(v[1]), a, b);
            binary("sub", v -> v[0].sub(v[1]), a, b);
            binary("mul", v -> v[0].mul(v[1]), a, b);
            binary("div", v -> v[0].div(v[1]), a, bPos);
        }
    }

    @Test
    void maximumAndMinimumRouteTheGradientToTheChosenInput() {
        Tensor a = Inputs.distinct(1, 3, 4), b = Inputs.distinct(2, 4).add(0.05f);
        binary("maximum", v -> v[0].maximum(v[1]), a, b);
        binary("minimum", v -> v[0].minimum(v[1]), a, b);
    }

    @Test
    void scalarArithmeticMatchesFiniteDifferences() {
        Tensor x = Inputs.normal(4, 2, 3);
        GradCheck.check("addScalar", v -> v[0].add(1.5f), x);
        GradCheck.check("mulScalar", v -> v[0].mul(-2.5f), x);
        GradCheck.check("divScalar", v -> v[0].div(4f), x);
        GradCheck.check("neg", v -> v[0].neg(), x);
        GradCheck.check("rsub", v -> v[0].rsub(1f), x);
    }

    @Test
    void smoothUnaryFunctionsMatchFiniteDifferences() {
        Tensor x = Inputs.normal(5, 3, 5);
        Tensor pos = Inputs.uniform(6, 0.5f, 2f, 3, 5);
        GradCheck.check("exp", v -> v[0].exp(), x);
        GradCheck.check("log", v -> v[0].log(), pos);
        GradCheck.check("sqrt", v -> v[0].sqrt(), pos);
        GradCheck.check("rsqrt", v -> v[0].rsqrt(), pos);
        GradCheck.check("square", v -> v[0].square(), x);
        GradCheck.check("tanh", v -> v[0].tanh(), x);
        GradCheck.check("sigmoid", v -> v[0].sigmoid(), x);
        GradCheck.check("gelu", v -> v[0].gelu(), x);
        GradCheck.check("geluErf", v -> v[0].geluErf(), x);
        GradCheck.check("silu", v -> v[0].silu(), x);
        GradCheck.check("pow", v -> v[0].pow(1.7f), pos);
        GradCheck.check("pow3", v -> v[0].pow(3f), x);
    }

    @Test
    void kinkedUnaryFunctionsMatchFiniteDifferencesAwayFromTheKink() {
        Tensor x = Inputs.awayFromZero(7, 4, 5);
        GradCheck.check("relu", v -> v[0].relu(), x);
        GradCheck.check("abs", v -> v[0].abs(), x);
        // Bounds at ±0.1 lie in the gap (-0.2, 0.2) that awayFromZero leaves empty.
        GradCheck.check("clamp", v -> v[0].clamp(-0.1f, 0.1f).add(v[0].clamp(-2f, 2f)), x);
    }
}
