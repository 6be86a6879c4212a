package dev.facemask.trainer.fit;

import dev.facemask.vision.dataset.Annotation;
import dev.facemask.vision.preprocess.PreparedImage;
import java.util.List;
import java.util.Objects;

/**
 * One image for the dense head: the preprocessed input and every face in it.
 *
 * @param image the preprocessed model input (HWC floats in 0..1)
 * @param faces every labelled face, boxes normalised to the padded model input; may be empty
 */
public record DenseExample(PreparedImage image, List<Annotation> faces) {

    public DenseExample {
        Objects.requireNonNull(image, "image");
        faces = List.copyOf(faces);
    }
}
