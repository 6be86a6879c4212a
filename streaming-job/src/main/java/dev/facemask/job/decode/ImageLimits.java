package dev.facemask.job.decode;

import java.io.Serializable;

/**
 * What the decoder accepts before it spends memory on pixels.
 *
 * @param maxBytes largest encoded image, bytes
 * @param maxPixels largest width times height, read from the header before decoding; a 4-byte
 *     pixel buffer of this many pixels must fit in the task's heap
 */
public record ImageLimits(int maxBytes, long maxPixels) implements Serializable {

    /** 10 MB encoded, 40 megapixels (a 160 MB ARGB buffer at most). */
    public static final ImageLimits DEFAULT = new ImageLimits(10 * 1024 * 1024, 40_000_000L);

    public ImageLimits {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive, was " + maxBytes);
        }
        if (maxPixels <= 0) {
            throw new IllegalArgumentException("maxPixels must be positive, was " + maxPixels);
        }
    }
}
