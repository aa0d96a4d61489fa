package dev.autodidact.transformer.checkpoint;

import dev.autodidact.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static dev.autodidact.transformer.checkpoint.RawFiles.*;
import static org.junit.jupiter.api.Assertions.*;

class SafeTensorsTest {
    @TempDir
    Path dir;

    private Map<String, Tensor> sample() {
        SplittableRandom rng = new SplittableRandom(7);
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("blocks.0.attn.qkv.weight", random(rng, 12, 4));
        m.put("tok_emb.weight", random(rng, 5, 4));
        m.put("ln_f.bias", random(rng, 4));
        m.put("scalar", Tensor.scalar(3.25f));
        m.put("empty", Tensor.zeros(0, 3));
        m.put("specials", Tensor.vector(Float.NaN, Float.intBitsToFloat(0x7FC01234), Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
                -0.0f, Float.MIN_VALUE, Float.MAX_VALUE, -1e-40f));
        return m;
    }

    @Test
    void f32RoundTripIsBitExactForEveryValueAndShape() throws IOException {
        Path f = dir.resolve("a.safetensors");
        Map<String, Tensor> m = sample();
        m.put("transposed", random(new SplittableRandom(1), 3, 5).transpose(0, 1)); // a non-contiguous view is written in logical order
        SafeTensors.write(f, m, DType.F32, Map.of("format", "pt"));
        try (SafeTensorsFile r = SafeTensorsFile.open(f)) {
            assertEquals(Map.of("format", "pt"), r.metadata());
            assertSameTensors(m, r.readAll());
            assertEquals(DType.F32, r.entries().get("scalar").dtype());
            assertArrayEquals(new int[0], r.entries().get("scalar").shape());
        }
    }

    @Test
    void bf16RoundTripIsWithinBf16PrecisionAndHalvesTheData() throws IOException {
        Map<String, Tensor> m = new LinkedHashMap<>();
        SplittableRandom rng = new SplittableRandom(3);
        m.put("a", random(rng, 64, 32));
        m.put("b", random(rng, 1000));
        Path f32 = dir.resolve("f32.safetensors"), bf16 = dir.resolve("bf16.safetensors");
        SafeTensors.write(f32, m, DType.F32);
        SafeTensors.write(bf16, m, DType.BF16);
        long headerF32 = 8 + headerLength(f32), headerBf16 = 8 + headerLength(bf16);
        assertEquals(Files.size(f32) - headerF32, 2 * (Files.size(bf16) - headerBf16));
        assertTrue(Files.size(bf16) < 0.51 * Files.size(f32), "bf16 file " + Files.size(bf16) + " vs f32 " + Files.size(f32));
        Map<String, Tensor> back = SafeTensors.read(bf16);
        for (String name : m.keySet()) {
            float[] x = m.get(name).toArray(), y = back.get(name).toArray();
            for (int i = 0; i < x.length; i++) {
                // 8 significant bits: rounding to nearest is off by at most half a unit in the last place, 2^-8 relative
                assertEquals(x[i], y[i], Math.abs(x[i]) * 0x1p-8f, name + "[" + i + "]");
                assertEquals(DType.toBf16(x[i]), (short) (Float.floatToRawIntBits(y[i]) >>> 16));
            }
        }
    }

    @Test
    void bf16RoundsToNearestEvenAndKeepsNaN() {
        assertEquals((short) 0x3F80, DType.toBf16(Float.intBitsToFloat(0x3F808000))); // tie, even below
        assertEquals((short) 0x3F82, DType.toBf16(Float.intBitsToFloat(0x3F818000))); // tie, odd below: up
        assertEquals((short) 0x3F81, DType.toBf16(Float.intBitsToFloat(0x3F808001))); // above the tie
        assertEquals((short) 0x3F80, DType.toBf16(Float.intBitsToFloat(0x3F807FFF))); // below the tie
        assertEquals((short) 0x8000, DType.toBf16(-0.0f));
        assertEquals((short) 0x7F80, DType.toBf16(Float.MAX_VALUE)); // overflow rounds to infinity
        assertEquals((short) 0xFF80, DType.toBf16(Float.NEGATIVE_INFINITY));
        assertTrue(Float.isNaN(DType.fromBf16(DType.toBf16(Float.intBitsToFloat(0x7F800001))))); // payload only in the low bits
        assertTrue(Float.isNaN(DType.fromBf16(DType.toBf16(Float.NaN))));
        assertEquals(1.0f, DType.fromBf16((short) 0x3F80));
    }

    @Test
    void f16TensorsAreReadAsFloat32() throws IOException {
        float[] values = {1f, -2.5f, 65504f, 6.1035156e-5f, Float.POSITIVE_INFINITY, -0f};
        short[] half = new short[values.length];
        for (int i = 0; i < values.length; i++) half[i] = Float.floatToFloat16(values[i]);
        Path f = write(dir.resolve("h.safetensors"), safetensors("{\"h\":{\"dtype\":\"F16\",\"shape\":[2,3],\"data_offsets\":[0,12]}}", u16(half)));
        Tensor t = SafeTensors.read(f).get("h");
        assertArrayEquals(new int[] {2, 3}, t.shape());
        assertArrayEquals(values, t.toArray());
    }

    @Test
    void headerBytesMatchAHandBuiltFile() throws IOException {
        Path f = dir.resolve("tiny.safetensors");
        SafeTensors.write(f, Map.of("w", Tensor.vector(1f, -2f)), DType.F32, Map.of("k", "v"));
        String json = "{\"__metadata__\":{\"k\":\"v\"},\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";
        assertEquals(79, json.length());
        byte[] expected = new byte[8 + 80 + 8];
        expected[0] = 80; // u64 little-endian 80: the JSON padded to a multiple of 8
        System.arraycopy(json.getBytes(StandardCharsets.US_ASCII), 0, expected, 8, 79);
        expected[8 + 79] = ' '; // one space of padding: data starts at byte 88
        byte[] data = {0x00, 0x00, (byte) 0x80, 0x3F, 0x00, 0x00, 0x00, (byte) 0xC0}; // 1.0f, -2.0f little-endian
        System.arraycopy(data, 0, expected, 88, 8);
        assertArrayEquals(expected, Files.readAllBytes(f));
    }

    @Test
    void dataStartsEightByteAlignedAndTensorsAreContiguousInNameOrder() throws IOException {
        Path f = dir.resolve("s.safetensors");
        SafeTensors.write(f, sample(), DType.BF16);
        byte[] bytes = Files.readAllBytes(f);
        long n = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        assertEquals(0, (8 + n) % 8);
        String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
        int close = header.lastIndexOf('}');
        assertTrue(header.substring(close + 1).chars().allMatch(c -> c == ' '), "padding is spaces: '" + header.substring(close + 1) + "'");
        assertTrue(n - (close + 1) < 8);
        try (SafeTensorsFile r = SafeTensorsFile.open(f)) {
            List<TensorEntry> es = List.copyOf(r.entries().values());
            long at = 0;
            for (TensorEntry e : es) {
                assertEquals(at, e.begin(), e.name());
                at = e.end();
            }
            assertEquals(bytes.length - 8 - n, at);
            // sorted names are laid out in order: the first tensor of the header is the first in the data
            assertEquals(List.of("blocks.0.attn.qkv.weight", "empty", "ln_f.bias", "scalar", "specials", "tok_emb.weight"),
                    es.stream().map(TensorEntry::name).toList());
        }
    }

    @Test
    void writingIsByteReproducibleWhateverTheMapOrder() throws IOException {
        Map<String, Tensor> a = sample();
        Map<String, Tensor> b = new LinkedHashMap<>();
        List<String> reversed = new java.util.ArrayList<>(a.keySet());
        java.util.Collections.reverse(reversed);
        for (String k : reversed) b.put(k, a.get(k));
        SafeTensors.write(dir.resolve("a"), a, DType.F32, Map.of("x", "1", "a", "2"));
        SafeTensors.write(dir.resolve("b"), b, DType.F32, Map.of("a", "2", "x", "1"));
        assertArrayEquals(Files.readAllBytes(dir.resolve("a")), Files.readAllBytes(dir.resolve("b")));
    }

    @Test
    void filesOfEmptyTensorsOrNoTensorsRoundTrip() throws IOException {
        Path f = dir.resolve("empty.safetensors");
        SafeTensors.write(f, Map.of("e", Tensor.zeros(0, 3)), DType.BF16);
        assertArrayEquals(new int[] {0, 3}, SafeTensors.read(f).get("e").shape());
        SafeTensors.write(f, Map.of(), DType.F32);
        assertEquals(16, Files.size(f)); // length, "{}" and six spaces
        assertTrue(SafeTensors.read(f).isEmpty());
    }

    @Test
    void nonFloatDtypesValidateButDoNotLoad() throws IOException {
        Path f = write(dir.resolve("i.safetensors"), safetensors(
                "{\"ids\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]},\"x\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[8,12]}}",
                concat(new byte[8], f32(5f))));
        try (SafeTensorsFile r = SafeTensorsFile.open(f)) {
            assertEquals(5f, r.read("x").item());
            var e = assertThrows(CheckpointFormatException.class, () -> r.read("ids"));
            assertEquals(f + ": tensor 'ids' has dtype I64, which does not load as float32 (readable: F32, BF16, F16)", e.getMessage());
        }
    }

    @Test
    void writingRefusesUnwritableDtypesAndReservedNames() {
        assertThrows(IllegalArgumentException.class, () -> SafeTensors.write(dir.resolve("x"), Map.of("a", Tensor.scalar(1)), DType.F16));
        var e = assertThrows(IllegalArgumentException.class, () -> SafeTensors.write(dir.resolve("x"), Map.of("__metadata__", Tensor.scalar(1)), DType.F32));
        assertTrue(e.getMessage().contains("__metadata__"));
    }

    @Test
    void aFailureWhileWritingLeavesNoFile() {
        Path f = dir.resolve("partial.safetensors");
        Tensor poisoned = new Tensor(new FailingStorage(1 << 20, 300_000), new int[] {1 << 20}, new int[] {1}, 0);
        Map<String, Tensor> m = Map.of("a", Tensor.vector(1, 2), "b", poisoned);
        assertThrows(IllegalStateException.class, () -> SafeTensors.write(f, m, DType.F32));
        assertFalse(Files.exists(f));
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static long headerLength(Path f) throws IOException {
        return ByteBuffer.wrap(Files.readAllBytes(f), 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }
}
