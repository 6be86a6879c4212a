package dev.facemask.trainer.evaluate;

import dev.facemask.vision.geometry.Box;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The model's answer for one test image next to the truth, both on the original frame.
 *
 * @param image the image file
 * @param trueClass labelled class index
 * @param trueBox labelled box, normalised to the original image
 * @param predictedClass most probable class index
 * @param score probability of the predicted class, 0..1
 * @param predictedBox predicted box mapped back to the original image, normalised
 * @param iou intersection over union of the predicted and true boxes, under the evaluation's
 *     {@link IouConvention}
 */
public record SampleOutcome(Path image, int trueClass, Box trueBox, int predictedClass, double score, Box predictedBox,
        double iou) {

    public SampleOutcome {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(trueBox, "trueBox");
        Objects.requireNonNull(predictedBox, "predictedBox");
    }

    /** An outcome scored by the exact ({@link IouConvention#CONTINUOUS}) IoU of the two boxes. */
    public SampleOutcome(Path image, int trueClass, Box trueBox, int predictedClass, double score, Box predictedBox) {
        this(image, trueClass, trueBox, predictedClass, score, predictedBox,
                Objects.requireNonNull(predictedBox, "predictedBox").iou(Objects.requireNonNull(trueBox, "trueBox")));
    }

    public boolean correct() {
        return trueClass == predictedClass;
    }
}
