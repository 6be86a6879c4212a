package dev.facemask.trainer.fit;

/**
 * A training batch as the graph's placeholders take it.
 *
 * @param images N*H*W*C floats, NHWC row-major
 * @param labels N class indices
 * @param boxes N*4 floats: [x_min, y_min, w, h] per image
 * @param size N
 */
public record Batch(float[] images, int[] labels, float[] boxes, int size) {}
