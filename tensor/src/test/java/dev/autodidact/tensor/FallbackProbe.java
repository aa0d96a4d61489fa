package dev.autodidact.tensor;

/** Run in a child JVM without the Vector API module by {@link VectorModuleFallbackTest}. */
public final class FallbackProbe {
    public static void main(String[] args) {
        Tensor a = Tensor.arange(12).reshape(3, 4);
        Tensor b = Tensor.arange(8).reshape(4, 2);
        float[] c = a.matmul(b).toArray();
        float s = a.exp().softmax().sum().item();
        float ln = a.layerNorm(Tensor.ones(4), Tensor.zeros(4), 1e-5f).out().sum().item();
        System.out.println("simd=" + Simd.enabled() + " c00=" + c[0] + " c21=" + c[5] + " softmaxSum=" + Math.round(s) + " ln=" + Math.round(ln));
    }
}
