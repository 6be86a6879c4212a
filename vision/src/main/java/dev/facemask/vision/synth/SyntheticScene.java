package dev.facemask.vision.synth;

import dev.facemask.vision.dataset.Annotation;
import dev.facemask.vision.geometry.Box;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * One generated scene before it is written.
 *
 * @param image RGB pixels
 * @param faces in paint order, back to front: each may be partly covered by later faces and by the
 *     occluders, within {@link OcclusionRule}
 * @param occluders bounding boxes, pixels, of the shapes painted over the faces, in paint order
 */
public record SyntheticScene(BufferedImage image, List<SceneFace> faces, List<Box> occluders) {

    public SyntheticScene {
        faces = List.copyOf(faces);
        occluders = List.copyOf(occluders);
    }

    /** The YOLO labels, one a face, boxes normalised to the image. */
    public List<Annotation> annotations() {
        return faces.stream().map(f -> f.annotation(image.getWidth(), image.getHeight())).toList();
    }

    /** As the dataset writer takes it. */
    SyntheticImage toImage() {
        return new SyntheticImage(image, annotations());
    }
}
