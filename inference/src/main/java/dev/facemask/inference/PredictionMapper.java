package dev.facemask.inference;

import dev.facemask.vision.geometry.Box;
import dev.facemask.vision.model.ModelMetadata;
import dev.facemask.vision.preprocess.Letterbox;
import java.util.Objects;

/**
 * Turns the model's answer, given in the padded model input, into a box on the original frame.
 * The padding is at the bottom and right only, so mapping is a per-axis scale
 * ({@link Letterbox#toOriginal}).
 */
public final class PredictionMapper {

    private final ModelMetadata metadata;

    public PredictionMapper(ModelMetadata metadata) {
        this.metadata = Objects.requireNonNull(metadata, "metadata");
    }

    public MappedDetection map(Prediction prediction, Letterbox letterbox) {
        Objects.requireNonNull(prediction, "prediction");
        Objects.requireNonNull(letterbox, "letterbox");
        Box original = letterbox.toOriginal(prediction.modelBox());
        Box pixels = original.toPixels(letterbox.originalWidth(), letterbox.originalHeight());
        int classId = prediction.classId();
        return new MappedDetection(classId, metadata.classLabel(classId), prediction.score(), original, pixels);
    }
}
