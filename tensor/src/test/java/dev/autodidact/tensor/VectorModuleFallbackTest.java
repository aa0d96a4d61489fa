package dev.autodidact.tensor;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** Without --add-modules jdk.incubator.vector the library must still compute, on the reference kernels, after one warning. */
class VectorModuleFallbackTest {

    @Test
    void runsOnReferenceKernelsWithOneWarningWhenTheVectorModuleIsAbsent() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), FallbackProbe.class.getName());
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        // [0..11]·[0..7]: c[0][0] = 0·0 + 1·2 + 2·4 + 3·6 = 28; c[2][1] = 8·1 + 9·3 + 10·5 + 11·7 = 162
        assertTrue(out.contains("simd=false c00=28.0 c21=162.0 softmaxSum=3 ln=0"), out);
        int warnings = out.split("jdk.incubator.vector is not available", -1).length - 1;
        assertEquals(1, warnings, out);
    }
}
