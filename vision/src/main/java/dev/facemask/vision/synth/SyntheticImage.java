package dev.facemask.vision.synth;

import dev.facemask.vision.dataset.Annotation;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * One generated picture before it is written: RGB pixels and its faces (boxes tight around each head
 * ellipse, normalised to the image).
 */
public record SyntheticImage(BufferedImage image, List<Annotation> annotations) {

    public SyntheticImage {
        annotations = List.copyOf(annotations);
    }
}
