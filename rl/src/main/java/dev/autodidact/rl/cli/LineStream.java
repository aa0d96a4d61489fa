package dev.autodidact.rl.cli;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * A {@link PrintStream} onto a command's {@link PrintWriter} (the training code logs to a
 * PrintStream): bytes are decoded as UTF-8 a whole line at a time, so characters such as '±'
 * and '—' reach the writer intact (a newline byte never occurs inside a UTF-8 sequence).
 */
final class LineStream extends OutputStream {
    private final PrintWriter out;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    private LineStream(PrintWriter out) {
        this.out = out;
    }

    static PrintStream over(PrintWriter out) {
        return new PrintStream(new LineStream(out), true, StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void write(int b) {
        line.write(b);
        if (b == '\n') flush();
    }

    @Override
    public synchronized void flush() {
        out.write(line.toString(StandardCharsets.UTF_8));
        out.flush();
        line.reset();
    }
}
