package dev.autodidact.autograd.fused;

import dev.autodidact.autograd.Inputs;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** SwiGLU's vector loops agree with its plain reference loops (length 83: a scalar tail too). */
class SwigluVectorLoopsTest {

    @Test
    void forwardAndBackwardVectorLoopsMatchTheReference() {
        int n = 83;
        float[] a = Inputs.normal(1, n).mul(3f).toArray(), u = Inputs.normal(2, n).toArray(), g = Inputs.normal(3, n).toArray();
        float[] o1 = new float[n], o2 = new float[n];
        Activations.swigluForwardNaive(a, 0, u, 0, o1, 0, n);
        Activations.swigluForwardSimd(a, 0, u, 0, o2, 0, n);
        // float exp lanes vs a double reference: a few ulp of values up to ~10
        assertArrayEquals(o1, o2, 1e-5f);
        float[] dg1 = new float[n], du1 = new float[n], dg2 = new float[n], du2 = new float[n];
        Activations.swigluBackwardNaive(a, 0, u, 0, g, 0, dg1, du1, 0, n);
        Activations.swigluBackwardSimd(a, 0, u, 0, g, 0, dg2, du2, 0, n);
        assertArrayEquals(dg1, dg2, 1e-5f);
        assertArrayEquals(du1, du2, 1e-5f);
    }
}
