package dev.facemask.job.inference;

import dev.facemask.inference.BatchPredictor;
import dev.facemask.inference.ModelFolder;
import dev.facemask.inference.Precision;
import dev.facemask.inference.Prediction;
import dev.facemask.inference.SharedModel;
import dev.facemask.vision.model.ModelMetadata;
import dev.facemask.vision.preprocess.PreparedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The production model: a trainer's SavedModel folder, loaded once per TaskManager JVM through
 * {@link SharedModel} and leased by each operator instance. With a model root, the folder is
 * resolved with {@link ModelFolder#resolve} on every use (on the client and on each TaskManager), so
 * a path that leaves the root is refused wherever it would be read.
 */
public final class SharedModelProvider implements PredictorProvider {

    private static final long serialVersionUID = 1L;

    /** Strings, because {@link Path} is not serializable. */
    private final String modelDir;
    /** Null for no restriction. */
    private final String modelRoot;
    private final Precision precision;

    /** A model folder anywhere, in fp32. */
    public SharedModelProvider(Path modelDir) {
        this(modelDir, null);
    }

    /** As {@link #SharedModelProvider(Path, Path, Precision)}, in fp32. */
    public SharedModelProvider(Path modelDir, Path modelRoot) {
        this(modelDir, modelRoot, Precision.FP32);
    }

    /**
     * @param modelDir the model folder, relative to {@code modelRoot} when one is given
     * @param modelRoot the folder models must live under, or null for no restriction
     * @param precision the arithmetic the model runs in; fp32 and bf16 leases of a folder are two models
     */
    public SharedModelProvider(Path modelDir, Path modelRoot, Precision precision) {
        this.modelDir = Objects.requireNonNull(modelDir, "modelDir").toString();
        this.modelRoot = modelRoot == null ? null : modelRoot.toString();
        this.precision = Objects.requireNonNull(precision, "precision");
    }

    /**
     * Checks the folder (under the root, SavedModel and {@code model.json}) without loading TensorFlow.
     *
     * @throws dev.facemask.inference.InvalidModelException naming the folder or the root it leaves
     */
    @Override
    public ModelMetadata metadata() {
        return ModelFolder.open(folder()).metadata();
    }

    @Override
    public BatchPredictor open() {
        return new LeaseClosingPredictor(SharedModel.acquire(folder(), precision));
    }

    private Path folder() {
        return modelRoot == null ? Path.of(modelDir) : ModelFolder.resolve(Path.of(modelRoot), modelDir);
    }

    @Override
    public String toString() {
        return "SharedModelProvider[" + modelDir + (modelRoot == null ? "" : " under " + modelRoot) + " in " + precision
                + "]";
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
