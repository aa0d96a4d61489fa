package dev.autodidact.transformer.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autodidact.tensor.Tensor;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An open safetensors file whose header has been validated in full: every entry has a known
 * dtype, a non-negative shape, a byte range of exactly dtype × shape inside the data section, and
 * the ranges tile the data section with no gap, overlap or trailing byte. Tensors are read on
 * demand from a memory mapping, converted to float32 straight into their arrays, so loading a
 * file needs about its F32 size of heap and no more.
 */
public final class SafeTensorsFile implements AutoCloseable {
    private static final ValueLayout.OfFloat F32_LE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort U16_LE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final Path path;
    private final Map<String, TensorEntry> entries;
    private final Map<String, String> metadata;
    private final Arena arena;
    private final MemorySegment data;

    private SafeTensorsFile(Path path, Map<String, TensorEntry> entries, Map<String, String> metadata, Arena arena, MemorySegment data) {
        this.path = path;
        this.entries = entries;
        this.metadata = metadata;
        this.arena = arena;
        this.data = data;
    }

    /** Opens and validates {@code path}; fails with a {@link CheckpointFormatException} naming the file and the first problem. */
    public static SafeTensorsFile open(Path path) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) throw problem(path, "file is " + size + " bytes, too short for the 8-byte header length");
            ByteBuffer prefix = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, prefix, 0);
            long n = prefix.getLong(0);
            if (n < 0 || n > size - 8) {
                throw problem(path, "header length " + Long.toUnsignedString(n) + " is larger than the " + (size - 8) + " bytes after the length prefix (truncated file?)");
            }
            if (n > SafeTensors.MAX_HEADER_BYTES) throw problem(path, "header length " + n + " exceeds the limit of " + SafeTensors.MAX_HEADER_BYTES + " bytes");
            ByteBuffer headerBytes = ByteBuffer.allocate((int) n);
            readFully(ch, headerBytes, 8);
            byte[] header = headerBytes.array();
            if (n == 0 || header[0] != '{') throw problem(path, "header does not start with '{'");
            long dataStart = 8 + n, dataLength = size - dataStart;
            Map<String, String> metadata = new LinkedHashMap<>();
            Map<String, TensorEntry> entries = parseHeader(path, header, dataLength, metadata);
            Arena arena = Arena.ofShared();
            try {
                MemorySegment data = dataLength == 0 ? MemorySegment.NULL : ch.map(FileChannel.MapMode.READ_ONLY, dataStart, dataLength, arena);
                return new SafeTensorsFile(path, entries, Collections.unmodifiableMap(metadata), arena, data);
            } catch (IOException | RuntimeException e) {
                arena.close();
                throw e;
            }
        }
    }

    private static Map<String, TensorEntry> parseHeader(Path path, byte[] header, long dataLength, Map<String, String> metadata) throws CheckpointFormatException {
        ObjectNode root;
        try {
            root = (ObjectNode) Json.MAPPER.readTree(header); // an object: the header starts with '{'
        } catch (IOException e) {
            throw new CheckpointFormatException(path + ": header is not valid JSON: " + Json.firstLine(e.getMessage()), e);
        }
        List<TensorEntry> list = new ArrayList<>();
        for (var field : root.properties()) {
            String name = field.getKey();
            if (name.equals(SafeTensors.METADATA_KEY)) {
                metadata.putAll(Json.stringMap(field.getValue(), SafeTensors.METADATA_KEY, path.toString()));
                continue;
            }
            list.add(entry(path, name, field.getValue(), dataLength));
        }
        // The ranges, in file order, must tile [0, dataLength) exactly.
        list.sort(Comparator.comparingLong(TensorEntry::begin).thenComparingLong(TensorEntry::end).thenComparing(TensorEntry::name));
        long expected = 0;
        TensorEntry previous = null;
        for (TensorEntry e : list) {
            if (e.begin() > expected) {
                throw problem(path, "gap of " + (e.begin() - expected) + " bytes before tensor '" + e.name() + "': data bytes [" + expected + ", " + e.begin() + ") belong to no tensor");
            }
            if (e.begin() < expected) {
                throw problem(path, "tensor '" + e.name() + "' bytes [" + e.begin() + ", " + e.end() + ") overlap tensor '" + previous.name() + "' bytes [" + previous.begin() + ", " + previous.end() + ")");
            }
            expected = e.end();
            previous = e;
        }
        if (expected < dataLength) throw problem(path, (dataLength - expected) + " trailing bytes after the last tensor (data section is " + dataLength + " bytes, tensors cover " + expected + ")");
        Map<String, TensorEntry> byName = new TreeMap<>();
        for (TensorEntry e : list) byName.put(e.name(), e);
        return Collections.unmodifiableMap(byName);
    }

    private static TensorEntry entry(Path path, String name, JsonNode node, long dataLength) throws CheckpointFormatException {
        String where = "tensor '" + name + "': ";
        if (!node.isObject()) throw problem(path, where + "entry must be an object, got " + node.getNodeType());
        JsonNode dt = node.get("dtype"), sh = node.get("shape"), off = node.get("data_offsets");
        if (dt == null || !dt.isTextual()) throw problem(path, where + "'dtype' is missing or not a string");
        DType dtype = DType.byName(dt.textValue()).orElseThrow(() -> problem(path, where + "unknown dtype '" + dt.textValue() + "'"));
        if (sh == null || !sh.isArray()) throw problem(path, where + "'shape' is missing or not an array");
        int[] shape = new int[sh.size()];
        long numel = 1;
        for (int i = 0; i < shape.length; i++) {
            JsonNode d = sh.get(i);
            if (!d.isIntegralNumber()) throw problem(path, where + "shape " + sh + " has a non-integer dimension " + d);
            if (d.bigIntegerValue().signum() < 0) throw problem(path, where + "shape " + sh + " has a negative dimension " + d);
            if (!d.canConvertToInt()) throw problem(path, where + "shape " + sh + " has dimension " + d + ", larger than 2^31-1");
            shape[i] = d.intValue();
            try {
                numel = Math.multiplyExact(numel, shape[i]);
            } catch (ArithmeticException e) {
                throw problem(path, where + "shape " + sh + " overflows: its element count exceeds 2^63-1");
            }
        }
        long bytes;
        try {
            bytes = Math.multiplyExact(numel, dtype.bytes());
        } catch (ArithmeticException e) {
            throw problem(path, where + "shape " + sh + " of " + dtype + " overflows: its byte size exceeds 2^63-1");
        }
        if (off == null || !off.isArray() || off.size() != 2) throw problem(path, where + "'data_offsets' must be an array [begin, end], got " + off);
        long[] be = new long[2];
        for (int i = 0; i < 2; i++) {
            JsonNode o = off.get(i);
            if (!o.isIntegralNumber() || !o.canConvertToLong() || o.longValue() < 0) throw problem(path, where + "data_offsets " + off + " must be non-negative 64-bit integers");
            be[i] = o.longValue();
        }
        if (be[0] > be[1]) throw problem(path, where + "data_offsets " + off + " end before they begin");
        if (be[1] > dataLength) {
            throw problem(path, where + "data_offsets " + off + " run past the end of the data section, which holds " + dataLength + " bytes (truncated file?)");
        }
        if (be[1] - be[0] != bytes) {
            throw problem(path, where + "data_offsets " + off + " span " + (be[1] - be[0]) + " bytes but " + dtype + " " + Arrays.toString(shape) + " needs " + bytes);
        }
        return new TensorEntry(name, dtype, shape, be[0], be[1]);
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long position) throws IOException {
        long p = position;
        while (b.hasRemaining()) {
            int r = ch.read(b, p);
            if (r < 0) throw new CheckpointFormatException("unexpected end of file at byte " + p);
            p += r;
        }
    }

    private static CheckpointFormatException problem(Path path, String message) {
        return new CheckpointFormatException(path + ": " + message);
    }

    public Path path() {
        return path;
    }

    /** The tensors of the header, by name (sorted). */
    public Map<String, TensorEntry> entries() {
        return entries;
    }

    /** The header's {@code __metadata__} (empty when absent). */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** Tensor {@code name} as float32 (F32 copied, BF16 and F16 widened exactly). */
    public Tensor read(String name) throws CheckpointFormatException {
        TensorEntry e = entries.get(name);
        if (e == null) throw problem(path, "no tensor named '" + name + "'");
        if (!e.dtype().readable()) throw problem(path, "tensor '" + name + "' has dtype " + e.dtype() + ", which does not load as float32 (readable: F32, BF16, F16)");
        if (e.numel() > Integer.MAX_VALUE - 8) throw problem(path, "tensor '" + name + "' has " + e.numel() + " elements, more than one Java array holds");
        int n = (int) e.numel();
        float[] out = new float[n];
        switch (e.dtype()) {
            case F32 -> MemorySegment.copy(data, F32_LE, e.begin(), out, 0, n);
            case BF16 -> { for (int i = 0; i < n; i++) out[i] = DType.fromBf16(data.get(U16_LE, e.begin() + 2L * i)); }
            case F16 -> { for (int i = 0; i < n; i++) out[i] = DType.fromF16(data.get(U16_LE, e.begin() + 2L * i)); }
            default -> throw new IllegalStateException("unreachable: " + e.dtype());
        }
        return Tensor.of(out, e.shape());
    }

    /** Every tensor, by name (sorted). */
    public Map<String, Tensor> readAll() throws CheckpointFormatException {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (String name : entries.keySet()) out.put(name, read(name));
        return out;
    }

    /** Unmaps the file; tensors already read stay valid (they are copies). */
    @Override
    public void close() {
        arena.close();
    }
}
