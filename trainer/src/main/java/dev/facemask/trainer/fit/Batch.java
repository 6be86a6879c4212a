package dev.facemask.trainer.fit;

import java.util.Arrays;

/**
 * A training batch as the graph's placeholders take it.
 *
 * @param images N*H*W*C floats, NHWC row-major
 * @param labels N class indices
 * @param boxes N*4 floats: [x_min, y_min, w, h] per image
 * @param boxWeights N weights of each image's box in the box loss (see {@link TrainingExample#boxWeight})
 * @param size N
 */
public record Batch(float[] images, int[] labels, float[] boxes, float[] boxWeights, int size) {

    public Batch {
        if (boxWeights.length != size) {
            throw new IllegalArgumentException(size + " images need " + size + " box weights, got " + boxWeights.length);
        }
    }

    /** A batch whose boxes all count fully. */
    public Batch(float[] images, int[] labels, float[] boxes, int size) {
        this(images, labels, boxes, ones(size), size);
    }

    private static float[] ones(int n) {
        float[] w = new float[n];
        Arrays.fill(w, 1f);
        return w;
    }
}
