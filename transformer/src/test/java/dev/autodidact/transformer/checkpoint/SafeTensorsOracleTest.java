package dev.autodidact.transformer.checkpoint;

import dev.autodidact.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Holds this package to the reference implementation (HuggingFace safetensors 0.8.0), through
 * files it wrote: {@code transformer/oracle/make_safetensors_fixtures.py}.
 */
class SafeTensorsOracleTest {
    @TempDir
    Path dir;

    private Path fixture(String name) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("oracle/" + name)) {
            assertNotNull(in, "test resource oracle/" + name);
            Path p = dir.resolve(name);
            Files.write(p, in.readAllBytes());
            return p;
        }
    }

    @Test
    void ourWriterProducesTheReferenceWritersBytes() throws IOException {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("b", Tensor.of(new float[] {-1f, -0.5f, 0f, 0.5f, 1f, 1.5f}, 2, 3));
        m.put("a", Tensor.vector(1.5f, -2.25f, 0x1p-30f, 1e30f));
        m.put("s", Tensor.scalar(7f));
        Path ours = dir.resolve("ours.safetensors");
        SafeTensors.write(ours, m, DType.F32, Map.of("format", "pt"));
        assertArrayEquals(Files.readAllBytes(fixture("reference-f32.safetensors")), Files.readAllBytes(ours));
    }

    @Test
    void theReferenceWritersMixedDtypeFileReads() throws IOException {
        Path f = fixture("reference-mixed.safetensors");
        try (SafeTensorsFile r = SafeTensorsFile.open(f)) {
            assertEquals(List.of("e", "h", "i", "w"), List.copyOf(r.entries().keySet()));
            assertEquals(new TensorEntry("i", DType.I64, new int[] {3}, 0, 24), r.entries().get("i"));
            assertEquals(new TensorEntry("h", DType.F16, new int[] {3, 2}, 40, 52), r.entries().get("h"));
            assertArrayEquals(new float[] {0.5f, -1f, 65504f, 0x1p-14f, -0f, 3.140625f}, r.read("h").toArray());
            assertArrayEquals(new float[] {1, 2, 3, 4}, r.read("w").toArray());
            assertArrayEquals(new int[] {0, 2}, r.read("e").shape());
            assertThrows(CheckpointFormatException.class, () -> r.read("i"));
        }
    }
}
