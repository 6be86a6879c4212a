package dev.facemask.trainer.fit;

import dev.facemask.vision.geometry.Box;
import dev.facemask.vision.preprocess.PreparedImage;
import java.util.Objects;

/**
 * One labelled image as the trainer consumes it.
 *
 * @param image the preprocessed model input (HWC floats in 0..1)
 * @param classId index into the dataset's classes
 * @param modelBox the face box, normalised to the padded model input
 */
public record TrainingExample(PreparedImage image, int classId, Box modelBox) {

    public TrainingExample {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(modelBox, "modelBox");
        if (classId < 0) {
            throw new IllegalArgumentException("classId must be non-negative, was " + classId);
        }
    }
}
