package dev.facemask.job.faults;

import dev.facemask.inference.BatchPredictor;
import dev.facemask.inference.Prediction;
import dev.facemask.job.inference.PredictorProvider;
import dev.facemask.vision.model.ModelMetadata;
import dev.facemask.vision.preprocess.PreparedImage;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A real model made slow: every batch first waits a fixed time, as an overloaded model (a larger
 * network, a shared CPU) would. Its answers are the real model's.
 */
final class SlowPredictorProvider implements PredictorProvider {

    private static final long serialVersionUID = 1L;

    private final PredictorProvider model;
    private final long delayMillis;

    /**
     * @param model the model that answers
     * @param delayPerBatch added to every batch, whatever its size
     */
    SlowPredictorProvider(PredictorProvider model, Duration delayPerBatch) {
        this.model = Objects.requireNonNull(model, "model");
        this.delayMillis = delayPerBatch.toMillis();
    }

    @Override
    public ModelMetadata metadata() {
        return model.metadata();
    }

    @Override
    public BatchPredictor open() {
        return new SlowPredictor(model.open(), delayMillis);
    }

    private record SlowPredictor(BatchPredictor delegate, long delayMillis) implements BatchPredictor {
        @Override
        public List<Prediction> predict(List<PreparedImage> images, boolean withGradCam) {
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while simulating a slow model", e);
            }
            return delegate.predict(images, withGradCam);
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
