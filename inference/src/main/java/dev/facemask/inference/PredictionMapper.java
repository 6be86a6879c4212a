package dev.facemask.inference;

import dev.facemask.vision.detect.DetectedFace;
import dev.facemask.vision.geometry.Box;
import dev.facemask.vision.model.ModelMetadata;
import dev.facemask.vision.preprocess.Letterbox;
import java.util.ArrayList;
import java.util.List;
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

    /** Every face of {@code prediction} on the original frame, best first; boxes clipped to it. */
    public List<MappedFace> mapFaces(Prediction prediction, Letterbox letterbox) {
        Objects.requireNonNull(prediction, "prediction");
        Objects.requireNonNull(letterbox, "letterbox");
        List<MappedFace> faces = new ArrayList<>(prediction.faces().size());
        for (DetectedFace f : prediction.faces()) {
            Box original = letterbox.toOriginal(f.box()).clamp();
            Box pixels = original.toPixels(letterbox.originalWidth(), letterbox.originalHeight());
            faces.add(new MappedFace(f.classId(), metadata.classLabel(f.classId()), f.score(), f.classScores(),
                    original, pixels));
        }
        return faces;
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
