package dev.facemask.cli.produce;

import java.io.PrintWriter;

/** A single, rewritten status line: frames sent, bytes and rate; at most four updates a second. */
final class ProgressLine {
    private final PrintWriter out;
    private final long start = System.nanoTime();
    private long lastPrint;

    ProgressLine(PrintWriter out) {
        this.out = out;
    }

    void update(long frames, long bytes, boolean last) {
        long now = System.nanoTime();
        if (!last && now - lastPrint < 250_000_000L) {
            return;
        }
        lastPrint = now;
        double seconds = Math.max(1e-9, (now - start) / 1e9);
        out.printf("\rframes %,d  |  %.1f MB  |  %.1f frames/s   ", frames, bytes / 1e6, frames / seconds);
        if (last) {
            out.println();
        }
        out.flush();
    }
}
