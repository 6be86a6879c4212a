package dev.facemask.job.decode;

import java.awt.image.BufferedImage;

/**
 * A decoded image, the format its bytes were in, and the decode memory it holds: close it when done
 * with the pixels, so other frames may decode.
 *
 * @param cost what decoding it was estimated to need, from its header
 * @param lease its share of the JVM's decode budget
 */
public record DecodedImage(BufferedImage image, ImageFormat format, DecodeCost cost, DecodeMemoryPool.Lease lease)
        implements AutoCloseable {

    public int width() {
        return image.getWidth();
    }

    public int height() {
        return image.getHeight();
    }

    /** Gives the decode memory back to the pool; the image must not be used after. */
    @Override
    public void close() {
        lease.close();
    }
}
