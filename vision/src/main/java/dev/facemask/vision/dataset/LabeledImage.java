package dev.facemask.vision.dataset;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * An image file and the faces labelled in it.
 *
 * @param image path of the image file, as found by the reader (resolved against the folder it was given)
 * @param annotations at least one face, in file order
 */
public record LabeledImage(Path image, List<Annotation> annotations) {

    public LabeledImage {
        Objects.requireNonNull(image, "image");
        annotations = List.copyOf(annotations);
        if (annotations.isEmpty()) {
            throw new IllegalArgumentException("A labelled image needs at least one annotation: " + image);
        }
    }

    /** True when the image holds exactly one face, the subset the two-head detector trains on. */
    public boolean isSingleObject() {
        return annotations.size() == 1;
    }

    /** The only face; throws when the image holds more than one. */
    public Annotation single() {
        if (!isSingleObject()) {
            throw new IllegalStateException(image + " holds " + annotations.size() + " faces, not one");
        }
        return annotations.get(0);
    }
}
