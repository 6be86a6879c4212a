package dev.facemask.vision.evaluate;

import dev.facemask.vision.detect.DetectedFace;
import java.util.Objects;

/**
 * One prediction after matching.
 *
 * @param face the prediction as the model reported it
 * @param truthIndex index into the image's truths that this prediction claimed, or -1 for a false alarm
 * @param iou IoU with the claimed truth; for a false alarm the largest IoU with any truth of its class
 *     (0 when there is none), to tell a duplicate or a loose box from a box on nothing
 */
public record MatchedPrediction(DetectedFace face, int truthIndex, double iou) {

    public MatchedPrediction {
        Objects.requireNonNull(face, "face");
        if (truthIndex < -1) {
            throw new IllegalArgumentException("truthIndex must be -1 (false alarm) or a truth index, was " + truthIndex);
        }
    }

    /** True when the prediction claimed a truth (a true positive). */
    public boolean matched() {
        return truthIndex >= 0;
    }
}
