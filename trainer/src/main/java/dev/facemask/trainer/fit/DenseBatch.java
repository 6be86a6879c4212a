package dev.facemask.trainer.fit;

import dev.facemask.vision.dataset.Annotation;
import java.util.List;

/**
 * A dense-head batch as the graph's placeholders take it, plus the faces it was encoded from.
 *
 * @param images N*S*S*C floats, NHWC row-major
 * @param heatmap N*g*g*classes target heatmap floats
 * @param regression N*g*g*4 target box values
 * @param mask N*g*g floats, 1 at face centres
 * @param truths per image, the faces with boxes normalised to the padded input (after augmentation)
 * @param size N
 */
public record DenseBatch(float[] images, float[] heatmap, float[] regression, float[] mask,
        List<List<Annotation>> truths, int size) {}
