package dev.autodidact.transformer.checkpoint;

import dev.autodidact.tensor.Tensor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/** Test helpers: safetensors files assembled byte by byte, and seeded random tensors. */
final class RawFiles {
    private RawFiles() {}

    /** A safetensors file from a header text (space-padded to the 8-byte boundary) and data bytes. */
    static byte[] safetensors(String headerJson, byte[] data) {
        byte[] h = headerJson.getBytes(StandardCharsets.UTF_8);
        int padded = (h.length + 7) / 8 * 8;
        ByteBuffer b = ByteBuffer.allocate(8 + padded + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(padded).put(h);
        for (int i = h.length; i < padded; i++) b.put((byte) ' ');
        b.put(data);
        return b.array();
    }

    static Path write(Path file, byte[] bytes) {
        try {
            Files.write(file, bytes);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] f32(float... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) b.putFloat(v);
        return b.array();
    }

    static byte[] u16(short... values) {
        ByteBuffer b = ByteBuffer.allocate(2 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (short v : values) b.putShort(v);
        return b.array();
    }

    static Tensor random(SplittableRandom rng, int... shape) {
        int n = 1;
        for (int d : shape) n *= d;
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) rng.nextGaussian();
        return Tensor.of(a, shape);
    }

    /** Random tensors with the given names and shapes, in that order. */
    static Map<String, Tensor> randomTensors(long seed, Map<String, int[]> shapes) {
        SplittableRandom rng = new SplittableRandom(seed);
        Map<String, Tensor> out = new LinkedHashMap<>();
        shapes.forEach((name, shape) -> out.put(name, random(rng, shape)));
        return out;
    }

    /** True when both maps hold the same names, shapes and bit-identical values. */
    static void assertSameTensors(Map<String, Tensor> expected, Map<String, Tensor> actual) {
        org.junit.jupiter.api.Assertions.assertEquals(new java.util.TreeSet<>(expected.keySet()), new java.util.TreeSet<>(actual.keySet()));
        for (var e : expected.entrySet()) {
            Tensor a = actual.get(e.getKey());
            org.junit.jupiter.api.Assertions.assertArrayEquals(e.getValue().shape(), a.shape(), e.getKey());
            float[] x = e.getValue().toArray(), y = a.toArray();
            for (int i = 0; i < x.length; i++) {
                if (Float.floatToRawIntBits(x[i]) != Float.floatToRawIntBits(y[i])) {
                    org.junit.jupiter.api.Assertions.fail(e.getKey() + "[" + i + "]: expected " + x[i] + ", got " + y[i] + " (shape " + Arrays.toString(a.shape()) + ")");
                }
            }
        }
    }
}
