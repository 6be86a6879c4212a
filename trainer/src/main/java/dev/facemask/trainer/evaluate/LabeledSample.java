package dev.facemask.trainer.evaluate;

import dev.facemask.vision.geometry.Box;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One test image with its single labelled face.
 *
 * @param image the image file
 * @param classId true class index into the model's classes
 * @param box true box, corners normalised to 0..1 of the original image
 */
public record LabeledSample(Path image, int classId, Box box) {

    public LabeledSample {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(box, "box");
        if (classId < 0) {
            throw new IllegalArgumentException("Class id must not be negative, was " + classId + " for " + image);
        }
    }
}
