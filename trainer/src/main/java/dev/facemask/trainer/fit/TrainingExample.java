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
 * @param boxWeight how much this image's box counts in the box loss, 0..1: 1 for a photo, less for an
 *     example that is to teach the classifier more than the box (a face crop, see {@code FaceCropOptions})
 */
public record TrainingExample(PreparedImage image, int classId, Box modelBox, double boxWeight) {

    public TrainingExample {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(modelBox, "modelBox");
        if (classId < 0) {
            throw new IllegalArgumentException("classId must be non-negative, was " + classId);
        }
        if (!(boxWeight >= 0 && boxWeight <= 1)) {
            throw new IllegalArgumentException("boxWeight must be in 0..1, was " + boxWeight);
        }
    }

    /** An example whose box counts fully. */
    public TrainingExample(PreparedImage image, int classId, Box modelBox) {
        this(image, classId, modelBox, 1);
    }
}
