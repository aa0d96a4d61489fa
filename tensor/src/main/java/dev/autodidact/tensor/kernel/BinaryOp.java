package dev.autodidact.tensor.kernel;

/** Every elementwise binary op; comparisons produce masks (1 where true, 0 where false). */
public enum BinaryOp {
    ADD, SUB, MUL, DIV, MAX, MIN, EQ, NE, LT, LE, GT, GE;

    /** Scalar definition; MAX and MIN propagate NaN like {@link Math#max}. */
    public float apply(float a, float b) {
        return switch (this) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case MAX -> Math.max(a, b);
            case MIN -> Math.min(a, b);
            case EQ -> a == b ? 1f : 0f;
            case NE -> a != b ? 1f : 0f;
            case LT -> a < b ? 1f : 0f;
            case LE -> a <= b ? 1f : 0f;
            case GT -> a > b ? 1f : 0f;
            case GE -> a >= b ? 1f : 0f;
        };
    }

    public String opName() {
        return name().toLowerCase();
    }
}
