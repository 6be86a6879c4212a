package dev.facemask.trainer.fit;

import dev.facemask.vision.detect.CenterDecoder;
import dev.facemask.vision.detect.DetectedFace;
import java.util.ArrayList;
import java.util.List;

/**
 * The dense head's raw maps for a batch of images, as fetched from the session.
 *
 * @param heatmap N*g*g*classes centre scores in 0..1
 * @param regression N*g*g*4 box values
 * @param size N
 * @param grid g
 * @param classes number of classes
 */
public record DenseOutputsBatch(float[] heatmap, float[] regression, int size, int grid, int classes) {

    /** Decodes every image; boxes are normalised to the padded model input. */
    public List<List<DetectedFace>> decode(CenterDecoder decoder) {
        int heat = grid * grid * classes;
        int reg = grid * grid * 4;
        List<List<DetectedFace>> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            float[] h = new float[heat];
            float[] r = new float[reg];
            System.arraycopy(heatmap, i * heat, h, 0, heat);
            System.arraycopy(regression, i * reg, r, 0, reg);
            out.add(decoder.decode(h, r, grid, classes));
        }
        return out;
    }
}
