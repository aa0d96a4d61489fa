package dev.autodidact.tensor.kernel;

/**
 * Every elementwise unary op, with its scalar definition. The scalar form is the reference the
 * SIMD kernels are tested against; POW and CLAMP take parameters {@code p} and {@code q}.
 */
public enum UnaryOp {
    NEG, ABS, EXP, LOG, SQRT, RSQRT, SQUARE, TANH, SIGMOID, RELU,
    /** GELU, tanh approximation: 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))). */
    GELU_TANH,
    /** GELU, exact: 0.5·x·(1 + erf(x/√2)). */
    GELU_ERF,
    /** SiLU / swish: x·sigmoid(x). */
    SILU,
    /** x^p. */
    POW,
    /** min(max(x, p), q). */
    CLAMP;

    static final float SQRT_2_OVER_PI = 0.7978845608028654f;
    static final float GELU_C = 0.044715f;
    static final float INV_SQRT2 = 0.7071067811865476f;

    /** Scalar definition (double intermediates, rounded once). */
    public float apply(float x, float p, float q) {
        return switch (this) {
            case NEG -> -x;
            case ABS -> Math.abs(x);
            case EXP -> (float) Math.exp(x);
            case LOG -> (float) Math.log(x);
            case SQRT -> (float) Math.sqrt(x);
            case RSQRT -> (float) (1.0 / Math.sqrt(x));
            case SQUARE -> x * x;
            case TANH -> (float) Math.tanh(x);
            case SIGMOID -> (float) (1.0 / (1.0 + Math.exp(-x)));
            case RELU -> x > 0 ? x : (x == x ? 0f : x);
            case GELU_TANH -> (float) (0.5 * x * (1 + Math.tanh(SQRT_2_OVER_PI * (x + GELU_C * (double) x * x * x))));
            case GELU_ERF -> (float) (0.5 * x * (1 + Erf.erf(x * (double) INV_SQRT2)));
            case SILU -> (float) (x / (1.0 + Math.exp(-x)));
            case POW -> (float) Math.pow(x, p);
            case CLAMP -> x != x ? x : Math.min(Math.max(x, p), q);
        };
    }
}
