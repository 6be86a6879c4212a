package dev.facemask.inference;

import dev.facemask.vision.detect.DetectedFace;
import dev.facemask.vision.geometry.Box;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The model's answer for one image.
 *
 * @param probabilities softmax over the classes, float[classes]
 * @param boxXywh the box head's {@code [x_min, y_min, width, height]}, normalised to the padded input
 * @param heatmap Grad-CAM grid, row-major {@code heatmapSize * heatmapSize} values in 0..1, or null
 *     when Grad-CAM was not asked for
 * @param heatmapSize side of the heatmap grid, 0 without a heatmap
 * @param faces every face the model reported, boxes normalised to the padded input, best first:
 *     the dense head's decoded faces (possibly none), or the single head's one face
 * @param faceHeatmaps Grad-CAM of each face, aligned with {@code faces}, {@code heatmapSize}
 *     squared values each; an entry is null where the face has none (Grad-CAM not asked for, or a
 *     dense face beyond the strongest peaks the model explains)
 */
public record Prediction(float[] probabilities, float[] boxXywh, float[] heatmap, int heatmapSize,
        List<DetectedFace> faces, List<float[]> faceHeatmaps) {

    public Prediction {
        faces = List.copyOf(faces);
        // Not List.copyOf: entries may be null.
        faceHeatmaps = Collections.unmodifiableList(new ArrayList<>(faceHeatmaps));
        if (faceHeatmaps.size() != faces.size()) {
            throw new IllegalArgumentException(faceHeatmaps.size() + " face heatmaps for " + faces.size() + " faces");
        }
    }

    /** Faces without their own Grad-CAM. */
    public Prediction(float[] probabilities, float[] boxXywh, float[] heatmap, int heatmapSize,
            List<DetectedFace> faces) {
        this(probabilities, boxXywh, heatmap, heatmapSize, faces, Collections.nCopies(faces.size(), null));
    }

    /**
     * A single-head prediction: its one face is the arg-max class with the regressed box, and the
     * heatmap (if any) is that face's.
     */
    public Prediction(float[] probabilities, float[] boxXywh, float[] heatmap, int heatmapSize) {
        this(probabilities, boxXywh, heatmap, heatmapSize, List.of(singleFace(probabilities, boxXywh)),
                Collections.singletonList(heatmap));
    }

    private static DetectedFace singleFace(float[] probabilities, float[] xywh) {
        int best = 0;
        for (int i = 1; i < probabilities.length; i++) {
            if (probabilities[i] > probabilities[best]) {
                best = i;
            }
        }
        return new DetectedFace(best, probabilities[best], probabilities.clone(),
                Box.fromXywh(xywh[0], xywh[1], xywh[2], xywh[3]));
    }

    /** Index of the most probable class. */
    public int classId() {
        int best = 0;
        for (int i = 1; i < probabilities.length; i++) {
            if (probabilities[i] > probabilities[best]) {
                best = i;
            }
        }
        return best;
    }

    /** Probability of the most probable class. */
    public float score() {
        return probabilities[classId()];
    }

    /** The box in corner form, normalised to the padded model input. */
    public Box modelBox() {
        return Box.fromXywh(boxXywh[0], boxXywh[1], boxXywh[2], boxXywh[3]);
    }

    /** Grad-CAM of face {@code i}, or null when it has none. */
    public float[] faceHeatmap(int i) {
        return faceHeatmaps.get(i);
    }

    public boolean hasHeatmap() {
        return heatmap != null;
    }
}
