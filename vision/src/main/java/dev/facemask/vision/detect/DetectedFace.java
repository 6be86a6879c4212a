package dev.facemask.vision.detect;

import dev.facemask.vision.geometry.Box;
import java.util.Objects;

/**
 * One face a model reported in an image: the dense head reports any number of them, the single
 * head exactly one.
 *
 * @param classId index of the most probable class
 * @param score confidence of that class, 0..1 (the peak of its centre heatmap, or the softmax
 *     probability for the single head)
 * @param classScores confidence of every class at this face, float[classes]
 * @param box corners normalised to 0..1 of a frame: the padded model input or the original image,
 *     as the caller's contract says
 */
public record DetectedFace(int classId, float score, float[] classScores, Box box) {

    public DetectedFace {
        Objects.requireNonNull(classScores, "classScores");
        Objects.requireNonNull(box, "box");
        if (classId < 0 || classId >= classScores.length) {
            throw new IllegalArgumentException("classId " + classId + " outside the " + classScores.length + " classes");
        }
    }

    /** The same face with its box in another frame (for example mapped from model input to original image). */
    public DetectedFace withBox(Box other) {
        return new DetectedFace(classId, score, classScores, other);
    }
}
