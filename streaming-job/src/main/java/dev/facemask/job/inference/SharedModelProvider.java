package dev.facemask.job.inference;

import dev.facemask.inference.BatchPredictor;
import dev.facemask.inference.ModelFolder;
import dev.facemask.inference.Prediction;
import dev.facemask.inference.SharedModel;
import dev.facemask.vision.model.ModelMetadata;
import dev.facemask.vision.preprocess.PreparedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The production model: a trainer's SavedModel folder, loaded once per TaskManager JVM through
 * {@link SharedModel} and leased by each operator instance.
 */
public final class SharedModelProvider implements PredictorProvider {

    private static final long serialVersionUID = 1L;

    /** A string, because {@link Path} is not serializable. */
    private final String modelDir;

    public SharedModelProvider(Path modelDir) {
        this.modelDir = Objects.requireNonNull(modelDir, "modelDir").toString();
    }

    /** Checks the folder (SavedModel and {@code model.json}) without loading TensorFlow. */
    @Override
    public ModelMetadata metadata() {
        return ModelFolder.open(Path.of(modelDir)).metadata();
    }

    @Override
    public BatchPredictor open() {
        return new LeaseClosingPredictor(SharedModel.acquire(Path.of(modelDir)));
    }

    @Override
    public String toString() {
        return "SharedModelProvider[" + modelDir + "]";
    }

    /** The lease's predictor; closing it closes the lease, and the last lease closes the model. */
    private record LeaseClosingPredictor(SharedModel.Lease lease) implements BatchPredictor {
        @Override
        public List<Prediction> predict(List<PreparedImage> images, boolean withGradCam) {
            return lease.predictor().predict(images, withGradCam);
        }

        @Override
        public void close() {
            lease.close();
        }
    }
}
