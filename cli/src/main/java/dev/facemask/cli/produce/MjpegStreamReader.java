package dev.facemask.cli.produce;

import dev.facemask.schema.ImageEncoding;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Splits an MJPEG byte stream, such as {@code ffmpeg -f mjpeg -}, into JPEG frames. A frame runs
 * from a start-of-image marker {@code FF D8} to the next end-of-image marker {@code FF D9}. Inside
 * entropy-coded data a literal {@code FF} is always followed by {@code 00} or a restart marker, so
 * {@code FF D9} cannot occur there, and scanning for it is exact.
 */
public final class MjpegStreamReader {

    private final InputStream in;
    private final int maxFrameBytes;
    private long index;

    public MjpegStreamReader(InputStream in, int maxFrameBytes) {
        this.in = new BufferedInputStream(in, 1 << 16);
        this.maxFrameBytes = maxFrameBytes;
    }

    /** The next frame, or empty at the end of the stream. Bytes between frames are skipped. */
    public Optional<SourceImage> next() throws IOException {
        if (!skipToStartOfImage()) {
            return Optional.empty();
        }
        ByteArrayOutputStream frame = new ByteArrayOutputStream(64 * 1024);
        frame.write(0xFF);
        frame.write(0xD8);
        int prev = -1;
        int b;
        while ((b = in.read()) >= 0) {
            frame.write(b);
            if (prev == 0xFF && b == 0xD9) {
                return Optional.of(new SourceImage("stdin#" + index++, frame.toByteArray(), ImageEncoding.JPEG));
            }
            if (frame.size() > maxFrameBytes) {
                throw new IOException("MJPEG frame " + index + " exceeds " + maxFrameBytes
                        + " bytes without an end-of-image marker: is the input really MJPEG (ffmpeg -f mjpeg)?");
            }
            prev = b;
        }
        throw new IOException("MJPEG stream ended inside frame " + index + " (" + frame.size() + " bytes, no FF D9 marker)");
    }

    private boolean skipToStartOfImage() throws IOException {
        int prev = -1;
        int b;
        while ((b = in.read()) >= 0) {
            if (prev == 0xFF && b == 0xD8) {
                return true;
            }
            prev = b;
        }
        return false;
    }
}
