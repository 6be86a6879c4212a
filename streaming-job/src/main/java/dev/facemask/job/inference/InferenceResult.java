package dev.facemask.job.inference;

import dev.facemask.schema.DeadLetter;
import dev.facemask.schema.Detection;
import java.util.Objects;

/**
 * What the async inference operator emits for one frame: a detection, or a dead letter saying why
 * there is none. Exactly one of the two fields is set. A Flink POJO.
 */
public class InferenceResult {

    public Detection detection;
    public DeadLetter deadLetter;

    public InferenceResult() {}

    public static InferenceResult of(Detection detection) {
        InferenceResult r = new InferenceResult();
        r.detection = Objects.requireNonNull(detection, "detection");
        return r;
    }

    public static InferenceResult failed(DeadLetter deadLetter) {
        InferenceResult r = new InferenceResult();
        r.deadLetter = Objects.requireNonNull(deadLetter, "deadLetter");
        return r;
    }

    public boolean isDetection() {
        return detection != null;
    }

    @Override
    public String toString() {
        return isDetection() ? "InferenceResult[" + detection.getCameraId() + "#" + detection.getSequence() + "]"
                : "InferenceResult[dead letter " + (deadLetter == null ? null : deadLetter.getKind()) + "]";
    }
}
