package dev.autodidact.autograd.fused;

import dev.autodidact.autograd.Var;
import dev.autodidact.tensor.Parallel;
import dev.autodidact.tensor.Shapes;
import dev.autodidact.tensor.Tensor;

/**
 * Rotary position embedding ("RoFormer: Enhanced Transformer with Rotary Position Embedding",
 * eq. 34) in the rotate-half layout used by GPT-NeoX and Llama: x [..., T, hs] with hs even; for
 * position p = start + t and i < hs/2 the pair (x_i, x_{i+hs/2}) is rotated by the angle
 * p·θ^(−2i/hs). A rotation's transpose is the rotation by the opposite angle, so backward
 * applies the same kernel with sin negated.
 */
public final class Rope {
    private Rope() {}

    public static Var apply(Var x, int start, float theta) {
        int[] s = x.shape();
        if (s.length < 2 || s[s.length - 1] % 2 != 0) {
            throw new IllegalArgumentException("rope: input " + Shapes.format(s) + " must be [..., T, hs] with an even head size hs");
        }
        int t = s[s.length - 2], hs = s[s.length - 1];
        float[][] cs = table(start, t, hs, theta);
        Tensor out = rotate(x.value(), cs[0], cs[1], t, hs, 1f);
        return Var.op("rope", out, g -> x.accumulate(rotate(g, cs[0], cs[1], t, hs, -1f)), x);
    }

    /** cos and sin [T, hs/2] for positions start .. start+T−1, computed in double. */
    static float[][] table(int start, int t, int hs, float theta) {
        int half = hs / 2;
        float[] cos = new float[t * half], sin = new float[t * half];
        for (int p = 0; p < t; p++) {
            for (int i = 0; i < half; i++) {
                double angle = (start + p) * Math.pow(theta, -2.0 * i / hs);
                cos[p * half + i] = (float) Math.cos(angle);
                sin[p * half + i] = (float) Math.sin(angle);
            }
        }
        return new float[][] {cos, sin};
    }

    /** out_i = x_i·cos − x_{i+h}·sin·sign, out_{i+h} = x_{i+h}·cos + x_i·sin·sign, per row of hs. */
    static Tensor rotate(Tensor x, float[] cos, float[] sin, int t, int hs, float sign) {
        Tensor xc = x.contiguous();
        float[] xs = xc.data();
        int xo = xc.offset(), half = hs / 2, rows = x.numel() / hs;
        Tensor out = Tensor.zeros(x.shape());
        float[] o = out.data();
        Parallel.forRange(rows, Math.max(1, 4096 / hs), (lo, hi) -> {
            for (int r = lo; r < hi; r++) {
                int p = r % t, base = r * hs;
                for (int i = 0; i < half; i++) {
                    float c = cos[p * half + i], sn = sign * sin[p * half + i];
                    float a = xs[xo + base + i], b = xs[xo + base + half + i];
                    o[base + i] = a * c - b * sn;
                    o[base + half + i] = b * c + a * sn;
                }
            }
        });
        return out;
    }
}
