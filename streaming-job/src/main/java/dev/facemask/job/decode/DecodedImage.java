package dev.facemask.job.decode;

import java.awt.image.BufferedImage;

/** A decoded image and the format its bytes were in. */
public record DecodedImage(BufferedImage image, ImageFormat format) {

    public int width() {
        return image.getWidth();
    }

    public int height() {
        return image.getHeight();
    }
}
