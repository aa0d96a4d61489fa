package dev.autodidact.transformer.checkpoint;

import dev.autodidact.tensor.Tensor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes and reads back a large safetensors file under a small heap, to show that neither needs
 * more than about one copy of the tensors (run it with -Xmx a little above the F32 size; see
 * transformer/CHECKPOINTS.md for the command and measured times). Not part of the test suite.
 */
public final class LargeFileCheck {
    public static void main(String[] args) throws Exception {
        int megabytes = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        int tensors = 6, perTensor = megabytes * (1 << 20) / 4 / tensors;
        Path file = Files.createTempFile("large", ".safetensors");
        try {
            Map<String, Tensor> m = new LinkedHashMap<>();
            for (int t = 0; t < tensors; t++) {
                float[] a = new float[perTensor];
                for (int i = 0; i < a.length; i++) a[i] = i * 1e-3f + t;
                m.put("t" + t, Tensor.of(a, perTensor / 1024, 1024));
            }
            long t0 = System.nanoTime();
            SafeTensors.write(file, m, DType.F32);
            long t1 = System.nanoTime();
            m = null; // drop the source tensors before reading, so the heap holds one copy at a time
            Map<String, Tensor> back = SafeTensors.read(file);
            long t2 = System.nanoTime();
            float check = back.get("t5").get(100, 7);
            if (check != (100 * 1024 + 7) * 1e-3f + 5) throw new AssertionError("read back " + check);
            System.out.printf("%d MB F32 (%d tensors): write %.2f s, read %.2f s, max heap %d MB%n", Files.size(file) >> 20, tensors,
                    (t1 - t0) / 1e9, (t2 - t1) / 1e9, Runtime.getRuntime().maxMemory() >> 20);
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
