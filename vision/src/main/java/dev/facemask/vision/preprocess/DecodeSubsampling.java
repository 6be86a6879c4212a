package dev.facemask.vision.preprocess;

/**
 * How many source pixels to step over while decoding an image for a model of a given input size: the
 * largest whole step that still leaves the longer side at least the input size, so the preprocessor
 * only ever shrinks. A 1280x720 camera frame for a 244 px model decodes every 5th pixel of every 5th
 * row (256x144); a frame smaller than twice the input size decodes in full.
 *
 * <p>Why: decoding is the largest cost of a frame outside the model, and ImageIO's readers skip the
 * colour conversion and copies of the pixels they step over (a 1280x720 JPEG: 4.6 ms in full, 2.5 ms
 * at a step of 4, measured here). The preprocessor's bilinear resize already samples a 5x-smaller grid
 * without averaging, so the model sees pixels of the same kind. Every path that feeds a model decodes
 * with this one rule (training, evaluation, the streaming job), so they see the same pixels.
 */
public final class DecodeSubsampling {

    private DecodeSubsampling() {}

    /**
     * @param width stored width of the image, pixels
     * @param height stored height of the image, pixels
     * @param inputSize the model's square input side, pixels
     * @return the step in both directions, at least 1
     */
    public static int step(int width, int height, int inputSize) {
        if (inputSize <= 0) {
            throw new IllegalArgumentException("Input size must be positive, was " + inputSize);
        }
        return Math.max(1, Math.max(width, height) / inputSize);
    }

    /** Pixels along a side of {@code length} when every {@code step}-th is decoded, starting at the first. */
    public static int decodedLength(int length, int step) {
        return (length + step - 1) / step;
    }
}
