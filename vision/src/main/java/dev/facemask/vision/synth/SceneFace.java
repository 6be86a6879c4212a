package dev.facemask.vision.synth;

import dev.facemask.vision.dataset.Annotation;
import dev.facemask.vision.geometry.Box;
import java.util.Objects;

/**
 * One face of a synthetic scene.
 *
 * @param wear its class
 * @param box the head ellipse's bounding box in pixels of the scene image: the tight label box
 */
public record SceneFace(FaceWear wear, Box box) {

    public SceneFace {
        Objects.requireNonNull(wear, "wear");
        Objects.requireNonNull(box, "box");
    }

    /** The YOLO label: class id and the box normalised to a {@code width x height} image. */
    public Annotation annotation(int width, int height) {
        return new Annotation(wear.classId(),
                new Box(box.xMin() / width, box.yMin() / height, box.xMax() / width, box.yMax() / height));
    }
}
