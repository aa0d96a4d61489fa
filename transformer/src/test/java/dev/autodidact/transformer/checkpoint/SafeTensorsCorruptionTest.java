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
import java.util.Map;

import static dev.autodidact.transformer.checkpoint.RawFiles.*;
import static org.junit.jupiter.api.Assertions.*;

/** Every way a safetensors file can be broken is refused with a message naming the file, the tensor and the problem. */
class SafeTensorsCorruptionTest {
    @TempDir
    Path dir;

    /** A valid two-tensor file: a [2] at data bytes [0, 8), b [3] at [8, 20). */
    private byte[] valid() throws IOException {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("a", Tensor.vector(1, 2));
        m.put("b", Tensor.vector(3, 4, 5));
        Path f = dir.resolve("valid.safetensors");
        SafeTensors.write(f, m, DType.F32);
        return Files.readAllBytes(f);
    }

    private String failure(String fileName, byte[] bytes) {
        Path f = write(dir.resolve(fileName), bytes);
        var e = assertThrows(CheckpointFormatException.class, () -> SafeTensors.read(f));
        assertTrue(e.getMessage().startsWith(f + ": "), "message names the file: " + e.getMessage());
        return e.getMessage().substring((f + ": ").length());
    }

    @Test
    void theValidFileReads() throws IOException {
        Path f = write(dir.resolve("ok.safetensors"), valid());
        assertEquals(2, SafeTensors.read(f).size());
    }

    @Test
    void aHeaderLengthLargerThanTheFileIsRefused() throws IOException {
        byte[] b = valid();
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1000);
        assertEquals("header length 1000 is larger than the " + (b.length - 8) + " bytes after the length prefix (truncated file?)", failure("long-header.safetensors", b));
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(0, -1);
        assertTrue(failure("huge-header.safetensors", b).startsWith("header length 18446744073709551615 is larger than"));
    }

    @Test
    void aFileShorterThanTheLengthPrefixIsRefused() {
        assertEquals("file is 5 bytes, too short for the 8-byte header length", failure("tiny.safetensors", new byte[5]));
    }

    @Test
    void invalidJsonIsRefused() throws IOException {
        byte[] b = valid();
        int colon = indexOf(b, ":");
        b[colon] = '!';
        assertTrue(failure("bad-json.safetensors", b).startsWith("header is not valid JSON: "));
        assertEquals("header does not start with '{'", failure("no-brace.safetensors", safetensors("[]", new byte[0])));
        assertTrue(failure("duplicate.safetensors", safetensors(
                "{\"a\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]},\"a\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[4,8]}}",
                new byte[8])).contains("Duplicate field 'a'"));
    }

    @Test
    void anUnknownDtypeIsNamed() {
        assertEquals("tensor 'w': unknown dtype 'Q4_K'",
                failure("dtype.safetensors", safetensors("{\"w\":{\"dtype\":\"Q4_K\",\"shape\":[2],\"data_offsets\":[0,8]}}", new byte[8])));
    }

    @Test
    void negativeAndOverflowingShapesAreRefused() {
        assertEquals("tensor 'w': shape [2,-1] has a negative dimension -1",
                failure("neg.safetensors", safetensors("{\"w\":{\"dtype\":\"F32\",\"shape\":[2,-1],\"data_offsets\":[0,8]}}", new byte[8])));
        assertEquals("tensor 'w': shape [4294967296] has dimension 4294967296, larger than 2^31-1",
                failure("big-dim.safetensors", safetensors("{\"w\":{\"dtype\":\"F32\",\"shape\":[4294967296],\"data_offsets\":[0,8]}}", new byte[8])));
        assertEquals("tensor 'w': shape [2147483647,2147483647,2147483647] overflows: its element count exceeds 2^63-1",
                failure("overflow.safetensors", safetensors("{\"w\":{\"dtype\":\"F32\",\"shape\":[2147483647,2147483647,2147483647],\"data_offsets\":[0,8]}}", new byte[8])));
        assertEquals("tensor 'w': shape [2147483647,2147483647] of F32 overflows: its byte size exceeds 2^63-1",
                failure("byte-overflow.safetensors", safetensors("{\"w\":{\"dtype\":\"F32\",\"shape\":[2147483647,2147483647],\"data_offsets\":[0,8]}}", new byte[8])));
    }

    @Test
    void offsetsOutOfRangeAreRefused() {
        assertEquals("tensor 'w': data_offsets [0,16] run past the end of the data section, which holds 8 bytes (truncated file?)",
                failure("range.safetensors", safetensors("{\"w\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", new byte[8])));
        assertEquals("tensor 'w': data_offsets [8,0] end before they begin",
                failure("backwards.safetensors", safetensors("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,0]}}", new byte[8])));
        assertEquals("tensor 'w': data_offsets [-8,0] must be non-negative 64-bit integers",
                failure("negative.safetensors", safetensors("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[-8,0]}}", new byte[8])));
    }

    @Test
    void aSizeThatDoesNotMatchDtypeTimesShapeIsRefused() {
        assertEquals("tensor 'w': data_offsets [0,8] span 8 bytes but F32 [3] needs 12",
                failure("size.safetensors", safetensors("{\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", new byte[8])));
        assertEquals("tensor 'w': data_offsets [0,8] span 8 bytes but BF16 [2, 3] needs 12",
                failure("size16.safetensors", safetensors("{\"w\":{\"dtype\":\"BF16\",\"shape\":[2,3],\"data_offsets\":[0,8]}}", new byte[8])));
    }

    @Test
    void gapsAndOverlapsBetweenTensorsAreRefused() {
        assertEquals("gap of 4 bytes before tensor 'b': data bytes [8, 12) belong to no tensor",
                failure("gap.safetensors", safetensors(
                        "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[12,20]}}", new byte[20])));
        assertEquals("tensor 'b' bytes [4, 12) overlap tensor 'a' bytes [0, 8)",
                failure("overlap.safetensors", safetensors(
                        "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", new byte[12])));
        assertEquals("gap of 4 bytes before tensor 'a': data bytes [0, 4) belong to no tensor",
                failure("leading-gap.safetensors", safetensors("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", new byte[8])));
    }

    @Test
    void trailingBytesAreRefused() throws IOException {
        byte[] b = valid();
        assertEquals("3 trailing bytes after the last tensor (data section is 23 bytes, tensors cover 20)",
                failure("trailing.safetensors", Arrays.copyOf(b, b.length + 3)));
    }

    @Test
    void aTruncatedFileIsRefusedNamingTheCutTensor() throws IOException {
        byte[] b = valid();
        assertEquals("tensor 'b': data_offsets [8,20] run past the end of the data section, which holds 18 bytes (truncated file?)",
                failure("truncated.safetensors", Arrays.copyOf(b, b.length - 2)));
        assertTrue(failure("cut-header.safetensors", Arrays.copyOf(b, 20)).startsWith("header length "));
    }

    @Test
    void malformedEntriesAndMetadataAreRefused() {
        assertEquals("tensor 'w': 'shape' is missing or not an array",
                failure("noshape.safetensors", safetensors("{\"w\":{\"dtype\":\"F32\",\"data_offsets\":[0,8]}}", new byte[8])));
        assertEquals("tensor 'w': 'data_offsets' must be an array [begin, end], got [0]",
                failure("offsets.safetensors", safetensors("{\"w\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0]}}", new byte[4])));
        assertEquals("__metadata__ value of 'step' must be a string, got 3",
                failure("meta.safetensors", safetensors("{\"__metadata__\":{\"step\":3}}", new byte[0])));
        assertEquals("tensor 'w': shape [1.5] has a non-integer dimension 1.5",
                failure("float-dim.safetensors", safetensors("{\"w\":{\"dtype\":\"F32\",\"shape\":[1.5],\"data_offsets\":[0,4]}}", new byte[4])));
    }

    /** The same errors arise from a written file whose header bytes are edited in place (same length, so the layout holds). */
    @Test
    void headerBytesEditedInPlaceAreCaught() throws IOException {
        assertEquals("tensor 'a': unknown dtype 'F99'", failure("edit-dtype.safetensors", edit(valid(), "\"dtype\":\"F32\"", "\"dtype\":\"F99\"")));
        assertEquals("tensor 'b': data_offsets [8,20] span 12 bytes but F32 [4] needs 16", failure("edit-shape.safetensors", edit(valid(), "\"shape\":[3]", "\"shape\":[4]")));
        assertEquals("gap of 4 bytes before tensor 'a': data bytes [0, 4) belong to no tensor",
                failure("edit-offsets.safetensors", edit(edit(valid(), "[0,8]", "[4,8]"), "\"shape\":[2]", "\"shape\":[1]")));
        assertEquals("tensor 'b': data_offsets [8,28] run past the end of the data section, which holds 20 bytes (truncated file?)",
                failure("edit-end.safetensors", edit(valid(), "[8,20]", "[8,28]")));
    }

    /** {@code bytes} with the first occurrence of {@code from} replaced by {@code to} (same length). */
    private static byte[] edit(byte[] bytes, String from, String to) {
        assertEquals(from.length(), to.length());
        int at = indexOf(bytes, from);
        assertTrue(at >= 0, "no '" + from + "' in the file");
        byte[] out = bytes.clone();
        System.arraycopy(to.getBytes(StandardCharsets.US_ASCII), 0, out, at, to.length());
        return out;
    }

    private static int indexOf(byte[] haystack, String needle) {
        String s = new String(haystack, StandardCharsets.ISO_8859_1);
        return s.indexOf(needle);
    }
}
