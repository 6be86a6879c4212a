package dev.facemask.vision.preprocess;

import dev.facemask.vision.geometry.Box;

/**
 * Geometry of the seed's preprocessing for one image: the longer side is scaled to the input size,
 * keeping the aspect ratio, and the rest is zero-padded at the bottom and right.
 *
 * <p>Because padding is only at the bottom and right, a point keeps its origin and mapping is a
 * per-axis scale: {@code x_padded = x_original * scaledWidth / inputSize}.
 */
public record Letterbox(int originalWidth, int originalHeight, int inputSize) {

    public Letterbox {
        if (originalWidth <= 0 || originalHeight <= 0) {
            throw new IllegalArgumentException("Image has no pixels: " + originalWidth + "x" + originalHeight);
        }
        if (inputSize <= 0) {
            throw new IllegalArgumentException("Input size must be positive, was " + inputSize);
        }
    }

    /** Scale from original pixels to model-input pixels. */
    public double scale() {
        return (double) inputSize / Math.max(originalWidth, originalHeight);
    }

    /** Width of the resized image inside the padded square, at least 1 pixel. */
    public int scaledWidth() {
        return Math.max(1, (int) Math.round(originalWidth * scale()));
    }

    /** Height of the resized image inside the padded square, at least 1 pixel. */
    public int scaledHeight() {
        return Math.max(1, (int) Math.round(originalHeight * scale()));
    }

    /** A box normalised to the original image, mapped into the padded model input. */
    public Box toModel(Box original) {
        double sx = (double) scaledWidth() / inputSize;
        double sy = (double) scaledHeight() / inputSize;
        return new Box(original.xMin() * sx, original.yMin() * sy, original.xMax() * sx, original.yMax() * sy);
    }

    /** A box normalised to the padded model input, mapped back to the original image and clipped to it. */
    public Box toOriginal(Box model) {
        double sx = (double) inputSize / scaledWidth();
        double sy = (double) inputSize / scaledHeight();
        return new Box(model.xMin() * sx, model.yMin() * sy, model.xMax() * sx, model.yMax() * sy).clamp();
    }
}
