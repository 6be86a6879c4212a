package dev.facemask.vision.evaluate;

import java.util.Locale;

/**
 * Which class lists a reported face enters when per-class APs are computed.
 *
 * <p>A face carries a score for every class ({@link dev.facemask.vision.detect.DetectedFace#classScores()}).
 * {@link #TOP_CLASS} ranks it in its most probable class only: what a consumer of the stream is shown.
 * {@link #EVERY_CLASS} also ranks it in every other class at that class's own score, as multi-label
 * evaluation does (YOLOv5's validation, two-stage detectors' per-class outputs): a face the model
 * thinks is 60% masked and 40% unmasked is then a masked face at 0.6 and an unmasked face at 0.4, so
 * the rare class's AP sees the faces the model was unsure of instead of losing them to the common
 * class. The per-image misses and false alarms count each face once, in its top class, either way.
 */
public enum ClassScoring {
    TOP_CLASS("top"),
    EVERY_CLASS("every");

    /** The product's scoring: evaluate, replay and training's best-epoch choice all use it unless told otherwise. */
    public static final ClassScoring DEFAULT = TOP_CLASS;

    private final String id;

    ClassScoring(String id) {
        this.id = id;
    }

    /** The name on the command line and in reports: {@code top} or {@code every}. */
    public String id() {
        return id;
    }

    /** The command-line name, so that help and messages show {@code top} or {@code every}. */
    @Override
    public String toString() {
        return id;
    }

    /** Parses {@code top} or {@code every}, naming the choices when it is neither. */
    public static ClassScoring parse(String text) {
        for (ClassScoring s : values()) {
            if (s.id.equals(text.trim().toLowerCase(Locale.ROOT))) {
                return s;
            }
        }
        throw new IllegalArgumentException("Unknown class scoring '" + text + "': use top or every");
    }
}
