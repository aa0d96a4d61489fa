package dev.autodidact.transformer.checkpoint;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autodidact.tensor.HeapStorage;
import dev.autodidact.tensor.Tensor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Writes and reads safetensors files (HuggingFace's format: an 8-byte little-endian header
 * length N, N bytes of JSON describing each tensor's dtype, shape and byte range, then the raw
 * little-endian tensor bytes back to back).
 *
 * <p>Writing stores tensors in sorted name order and pads the header with spaces so the data
 * starts on an 8-byte boundary, as the reference writer does; the same tensors therefore always
 * give the same bytes. Reading is in {@link SafeTensorsFile}, which validates the whole file
 * before handing out a tensor.
 */
public final class SafeTensors {
    /** The largest header we accept, as the reference implementation (100 MB). */
    public static final long MAX_HEADER_BYTES = 100_000_000L;
    /** The metadata key reserved by the format. */
    public static final String METADATA_KEY = "__metadata__";

    private static final int BUFFER_BYTES = 1 << 20;

    private SafeTensors() {}

    /** Writes {@code tensors} to {@code file} in {@code dtype} with no metadata. */
    public static void write(Path file, Map<String, Tensor> tensors, DType dtype) throws IOException {
        write(file, tensors, dtype, Map.of());
    }

    /**
     * Writes {@code tensors} (in sorted name order) to {@code file} as {@code dtype} (F32, or BF16
     * rounded to nearest even), with {@code metadata} as the header's {@code __metadata__} (omitted
     * when empty), and forces the bytes to the disk. A failure part-way deletes the partial file.
     * The file is written in place; {@link Checkpoint} makes whole directories appear atomically.
     */
    public static void write(Path file, Map<String, Tensor> tensors, DType dtype, Map<String, String> metadata) throws IOException {
        if (!dtype.writable()) throw new IllegalArgumentException("safetensors: cannot write dtype " + dtype + " (writable: F32, BF16)");
        List<String> names = new ArrayList<>(tensors.keySet());
        names.sort(null);
        Tensor[] values = new Tensor[names.size()];
        for (int i = 0; i < values.length; i++) {
            String name = names.get(i);
            if (name.isEmpty() || name.equals(METADATA_KEY)) throw new IllegalArgumentException("safetensors: '" + name + "' cannot name a tensor");
            values[i] = tensors.get(name);
            if (values[i] == null) throw new IllegalArgumentException("safetensors: tensor '" + name + "' is null");
        }
        byte[] header = header(names, values, dtype, metadata);
        boolean done = false;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.allocate(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            buf.putLong(header.length);
            for (int p = 0; p < header.length; ) {
                int n = Math.min(buf.remaining(), header.length - p);
                buf.put(header, p, n);
                p += n;
                if (!buf.hasRemaining()) drain(ch, buf);
            }
            for (Tensor t : values) writeData(ch, buf, t, dtype);
            drain(ch, buf);
            ch.force(true);
            done = true;
        } finally {
            if (!done) Files.deleteIfExists(file);
        }
    }

    /**
     * The header bytes (without the length prefix) for tensors {@code names}/{@code values} in
     * that order: compact JSON, {@code __metadata__} first, padded with spaces to a multiple of 8
     * bytes after the 8-byte prefix.
     */
    static byte[] header(List<String> names, Tensor[] values, DType dtype, Map<String, String> metadata) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = root.putObject(METADATA_KEY);
            metadata.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> meta.put(e.getKey(), e.getValue()));
        }
        long offset = 0;
        for (int i = 0; i < values.length; i++) {
            int[] shape = values[i].shape();
            long bytes = (long) values[i].numel() * dtype.bytes();
            ObjectNode entry = root.putObject(names.get(i));
            entry.put("dtype", dtype.name());
            ArrayNode s = entry.putArray("shape");
            for (int d : shape) s.add(d);
            entry.putArray("data_offsets").add(offset).add(offset + bytes);
            offset += bytes;
        }
        byte[] json = root.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8; // 8 + padded is a multiple of 8
        byte[] out = Arrays.copyOf(json, padded);
        Arrays.fill(out, json.length, padded, (byte) ' ');
        return out;
    }

    private static void writeData(FileChannel ch, ByteBuffer buf, Tensor t, DType dtype) throws IOException {
        Tensor c = t.contiguous();
        int n = c.numel(), off = c.offset();
        // A heap tensor is read straight from its array; any other storage (a device) element by element.
        float[] a = c.storage() instanceof HeapStorage h ? h.array() : null;
        for (int i = 0; i < n; i++) {
            if (buf.remaining() < 4) drain(ch, buf);
            float v = a != null ? a[off + i] : c.storage().get(off + i);
            if (dtype == DType.F32) buf.putFloat(v);
            else buf.putShort(DType.toBf16(v));
        }
    }

    private static void drain(FileChannel ch, ByteBuffer buf) throws IOException {
        buf.flip();
        while (buf.hasRemaining()) ch.write(buf);
        buf.clear();
    }

    /** Every tensor of {@code file}, converted to float32, after validating the whole file. */
    public static Map<String, Tensor> read(Path file) throws IOException {
        try (SafeTensorsFile f = SafeTensorsFile.open(file)) {
            return f.readAll();
        }
    }
}
