package dev.autodidact.transformer.perf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The resident-memory high-water mark of this process (Linux VmHWM), and the load it was measured under. */
public final class PeakRss {
    private PeakRss() {}

    /** VmHWM of /proc/self/status in MiB; -1 where the file is missing or unreadable (not Linux). */
    public static double mb() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith("VmHWM:")) return Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024.0;
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /**
     * {@code ,"loadavg":"1m 5m 15m"} from /proc/loadavg, or "" where it is unreadable: throughput on
     * a shared machine means little without the load it was measured under.
     */
    static String loadAverageField() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return ",\"loadavg\":\"" + f[0] + " " + f[1] + " " + f[2] + "\"";
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
