package dev.autodidact.transformer.checkpoint;

import java.util.Arrays;
import java.util.Optional;

/**
 * The element types a safetensors header may name, with their widths. Every one is recognised so
 * that a header can be validated in full; only F32, BF16 and F16 load into a (float32) tensor, and
 * only F32 and BF16 are written.
 */
public enum DType {
    BOOL(1), U8(1), I8(1), F8_E4M3(1), F8_E5M2(1),
    I16(2), U16(2), F16(2), BF16(2),
    I32(4), U32(4), F32(4),
    I64(8), U64(8), F64(8);

    private final int bytes;

    DType(int bytes) {
        this.bytes = bytes;
    }

    /** Bytes per element. */
    public int bytes() {
        return bytes;
    }

    /** Whether {@link SafeTensorsFile#read} converts this type to float32. */
    public boolean readable() {
        return this == F32 || this == BF16 || this == F16;
    }

    /** Whether {@link SafeTensors#write} can store this type. */
    public boolean writable() {
        return this == F32 || this == BF16;
    }

    /** The type spelled {@code name} in a header (case-sensitive, as the format defines it). */
    public static Optional<DType> byName(String name) {
        return Arrays.stream(values()).filter(d -> d.name().equals(name)).findFirst();
    }

    /**
     * bfloat16 bits of {@code f}, rounded to nearest, ties to even. A NaN stays a NaN (its quiet
     * bit is set so that truncating the low mantissa bits cannot turn it into an infinity);
     * values beyond the bf16 range round to infinity, as IEEE rounding requires.
     */
    public static short toBf16(float f) {
        int bits = Float.floatToRawIntBits(f);
        if (Float.isNaN(f)) return (short) ((bits >>> 16) | 0x0040);
        int lsb = (bits >>> 16) & 1;
        return (short) ((bits + 0x7FFF + lsb) >>> 16);
    }

    /** The float32 value of bfloat16 bits (exact: bf16 is the top half of an f32). */
    public static float fromBf16(short bits) {
        return Float.intBitsToFloat((bits & 0xFFFF) << 16);
    }

    /** The float32 value of IEEE half-precision bits (exact). */
    public static float fromF16(short bits) {
        return Float.float16ToFloat(bits);
    }
}
