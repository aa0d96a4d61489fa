package dev.autodidact.transformer.monitor;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static dev.autodidact.transformer.monitor.MetricsLogTest.m;
import static org.junit.jupiter.api.Assertions.*;

class ProgressTest {

    private static String drive(boolean terminal, Map<String, String> env) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        AtomicLong clock = new AtomicLong();
        Progress p = Progress.choose(terminal, env, new PrintStream(bytes, true, StandardCharsets.UTF_8), clock::get);
        p.start(0, 40);
        for (int s = 1; s <= 40; s++) {
            clock.addAndGet(3_000_000_000L); // 3 s per step
            p.step(s, s % 10 == 0 ? m("reward/mean", 0.01 * s, "eval/add/pass@1", 0.5) : m("reward/mean", 0.01 * s));
            if (s == 20) p.message("warning at step 20: entropy is falling");
        }
        p.finish();
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void withoutATerminalProgressIsPlainLines() {
        String out = drive(false, Map.of());
        assertFalse(out.contains("\r"), "no carriage returns in plain output");
        assertFalse(out.contains("\033["), "no escape codes in plain output");
        assertTrue(out.contains("step 2/40 (5%)  eta 1m54s  reward/mean 0.0200\n"), out);
        assertTrue(out.contains("step 40/40 (100%)  eta 0s  reward/mean 0.4000  eval/add/pass@1 0.5000\n"), out);
        assertTrue(out.contains("warning at step 20: entropy is falling\n"), out);
        assertTrue(out.endsWith("done in 2m00s\n"), out);
        assertTrue(out.lines().count() <= 25, "about twenty lines, not one per step");
    }

    @Test
    void onCiPlainLinesEvenWithATerminal() {
        assertFalse(drive(true, Map.of("CI", "true")).contains("\r"));
        assertFalse(drive(true, Map.of("TERM", "dumb")).contains("\r"));
    }

    @Test
    void onATerminalABarWithEtaAndLiveMetrics() {
        String out = drive(true, Map.of());
        assertTrue(out.contains("\r\033[K[##############--------------] 20/40  50%  eta 1m00s  reward/mean 0.2000  eval/add/pass@1 0.5000"), out);
        assertTrue(out.contains("\r\033[Kwarning at step 20: entropy is falling\n"), out);
        assertTrue(out.endsWith("done 40/40 steps in 2m00s  reward/mean 0.4000  eval/add/pass@1 0.5000\n"), out);
    }

    @Test
    void theBarIsCutToTheTerminalWidthSoItCanBeRedrawnInPlace() {
        String out = drive(true, Map.of("COLUMNS", "50"));
        int bars = 0;
        for (String frame : out.split("\r\u001b\\[K")) {
            String bar = frame.lines().findFirst().orElse("");
            if (!bar.startsWith("[")) continue;
            bars++;
            assertTrue(bar.length() < 50, bar);
        }
        assertTrue(bars > 40, "one frame per step, found " + bars);
    }
}
