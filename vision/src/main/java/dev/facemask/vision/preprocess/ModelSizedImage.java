package dev.facemask.vision.preprocess;

import java.awt.image.BufferedImage;
import java.util.Objects;

/**
 * An image decoded for a model: its pixels, possibly subsampled while decoding (see
 * {@link DecodeSubsampling}), and the displayed size of the full image, which boxes in pixels refer to.
 *
 * @param pixels the decoded pixels, upright; as large as the full image or smaller by the subsampling
 * @param width displayed width of the full image, pixels
 * @param height displayed height of the full image, pixels
 */
public record ModelSizedImage(BufferedImage pixels, int width, int height) {

    public ModelSizedImage {
        Objects.requireNonNull(pixels, "pixels");
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("Image has no pixels: " + width + "x" + height);
        }
    }

    /** A full-resolution image: its own size. */
    public static ModelSizedImage full(BufferedImage image) {
        return new ModelSizedImage(image, image.getWidth(), image.getHeight());
    }
}
