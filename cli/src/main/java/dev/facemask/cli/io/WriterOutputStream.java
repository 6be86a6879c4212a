package dev.facemask.cli.io;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * Lets library code that prints to a {@code PrintStream} (the trainer, the progress bar) write
 * through picocli's writer, so tests capture it like any command output. Used by {@code train} and
 * {@code demo}, which both run the trainer; bytes go out line by line, decoded as UTF-8.
 */
public final class WriterOutputStream extends OutputStream {
    private final PrintWriter writer;
    private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();

    public WriterOutputStream(PrintWriter writer) {
        this.writer = writer;
    }

    @Override
    public synchronized void write(int b) {
        line.write(b);
        if (b == '\n' || b == '\r') {
            flush();
        }
    }

    @Override
    public synchronized void flush() {
        writer.write(line.toString(StandardCharsets.UTF_8));
        line.reset();
        writer.flush();
    }
}
