package dev.facemask.vision.dataset;

import dev.facemask.vision.geometry.Box;
import java.util.Objects;

/**
 * One labelled face.
 *
 * @param classId index into the dataset's class names (0 = mask, 1 = no-mask in the seed's set)
 * @param box corners normalised to 0..1 of the original image
 */
public record Annotation(int classId, Box box) {

    public Annotation {
        Objects.requireNonNull(box, "box");
        if (classId < 0) {
            throw new IllegalArgumentException("Class id must not be negative, was " + classId);
        }
    }
}
