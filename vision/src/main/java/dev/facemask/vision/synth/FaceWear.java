package dev.facemask.vision.synth;

import java.util.Arrays;
import java.util.List;

/**
 * How a synthetic face wears its mask; the ordinal is the YOLO class id and {@link #className()} the
 * line of {@code obj.names}, in the names {@code dev.facemask.vision.dataset.ClassNames} and the VOC
 * reader use for the three-class face-mask sets.
 */
public enum FaceWear {
    /** Class 0: a mask from just under the eyes to the chin; nose and mouth hidden. */
    MASK("mask"),
    /** Class 1: no mask; nose and mouth visible. */
    NO_MASK("no-mask"),
    /** Class 2: the mask pulled below the nose; the nose is visible above it, the mouth hidden. */
    MASK_BELOW_NOSE("mask-worn-incorrectly");

    private final String className;

    FaceWear(String className) {
        this.className = className;
    }

    /** The YOLO class id: 0, 1 or 2. */
    public int classId() {
        return ordinal();
    }

    public String className() {
        return className;
    }

    /** All three names in class-id order, as written to {@code obj.names}. */
    public static List<String> classNames() {
        return Arrays.stream(values()).map(FaceWear::className).toList();
    }
}
