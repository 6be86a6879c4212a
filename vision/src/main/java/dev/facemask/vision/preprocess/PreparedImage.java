package dev.facemask.vision.preprocess;

/**
 * A model-ready image: float32 pixels in 0..1, shape (inputSize, inputSize, channels), row-major
 * (HWC), with the geometry needed to map boxes back to the original.
 */
public record PreparedImage(float[] pixels, Letterbox letterbox, int channels) {

    public int inputSize() {
        return letterbox.inputSize();
    }
}
