package dev.facemask.trainer.evaluate;

import dev.facemask.vision.evaluate.ImageMatch;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One test image with every face matched, for {@link PredictionGrid#renderFaces}.
 *
 * @param image the image file
 * @param match truths and predictions of the image, boxes normalised to the original image, as
 *     {@link dev.facemask.vision.evaluate.DetectionAccumulator#add} returns them
 */
public record MatchedImage(Path image, ImageMatch match) {

    public MatchedImage {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(match, "match");
    }
}
