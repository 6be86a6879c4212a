package dev.facemask.inference;

import dev.facemask.vision.preprocess.PreparedImage;
import java.util.List;

/**
 * Runs the model on a batch of prepared images. One call is one forward pass of the whole batch.
 * Implementations are thread-safe.
 */
public interface BatchPredictor extends AutoCloseable {

    /**
     * @param images prepared by the model's own {@link dev.facemask.vision.preprocess.Preprocessor}
     * @param withGradCam run the {@code gradcam} signature, which also returns heatmaps
     * @return one prediction per image, in order
     */
    List<Prediction> predict(List<PreparedImage> images, boolean withGradCam);

    @Override
    void close();
}
