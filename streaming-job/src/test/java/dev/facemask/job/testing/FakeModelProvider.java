package dev.facemask.job.testing;

import dev.facemask.inference.BatchPredictor;
import dev.facemask.job.inference.PredictorProvider;
import dev.facemask.vision.model.ModelMetadata;
import java.util.List;

/** Serves {@link FakePredictor}s with a small model description: 32x32 RGB input, classes mask/no_mask. */
public final class FakeModelProvider implements PredictorProvider {

    private static final long serialVersionUID = 1L;
    public static final List<String> CLASSES = List.of("mask", "no_mask");

    private final int inputSize;
    private final long delayMillis;

    public FakeModelProvider(int inputSize, long delayMillis) {
        this.inputSize = inputSize;
        this.delayMillis = delayMillis;
    }

    public FakeModelProvider() {
        this(32, 0);
    }

    @Override
    public ModelMetadata metadata() {
        return new ModelMetadata("fake", "0.0.1", "test", CLASSES, inputSize, 3, ModelMetadata.PREPROCESSING,
                ModelMetadata.BOX_FORMAT, FakePredictor.HEATMAP_SIZE, null, "none", "2026-01-01T00:00:00Z", "test");
    }

    @Override
    public BatchPredictor open() {
        return new FakePredictor(delayMillis);
    }
}
