package dev.facemask.job.inference;

import dev.facemask.inference.BatchPredictor;
import dev.facemask.job.decode.PreprocessorSource;
import dev.facemask.vision.model.ModelMetadata;
import dev.facemask.vision.preprocess.Preprocessor;

/**
 * How a Flink operator reaches the model. The provider is shipped with the job graph, so it holds
 * only a description (such as a folder path); the model itself is opened in the operator's
 * {@code open()}.
 */
public interface PredictorProvider extends PreprocessorSource {

    /**
     * Reads and checks the model's description. Called in {@code main} before the job is
     * submitted, so a missing or broken model fails fast, and again in every {@code open()}.
     *
     * @throws RuntimeException whose message names the model folder and what is wrong with it
     */
    ModelMetadata metadata();

    /** The model's own preprocessing, from its {@link #metadata()}. */
    @Override
    default Preprocessor preprocessor() {
        return metadata().preprocessor();
    }

    /**
     * Opens (or leases) the model for one operator instance. Closing the returned predictor
     * releases it; implementations share one loaded model per JVM.
     */
    BatchPredictor open();
}
