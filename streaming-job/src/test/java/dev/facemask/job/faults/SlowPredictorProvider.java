package dev.facemask.job.faults;

import dev.facemask.inference.BatchPredictor;
import dev.facemask.inference.Prediction;
import dev.facemask.job.inference.PredictorProvider;
import dev.facemask.vision.model.ModelMetadata;
import dev.facemask.vision.preprocess.PreparedImage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real model made slow: every batch first waits a fixed time, as an overloaded model (a larger
 * network, a shared CPU) would. Its answers are the real model's. It counts the frames the model
 * was given under a name of the test's choosing, readable with {@link #framesInferred}.
 */
final class SlowPredictorProvider implements PredictorProvider {

    private static final long serialVersionUID = 1L;

    private final PredictorProvider model;
    private final long delayMillis;
    private final String counter;

    /** Frames given to the model, by counter name; the operators run in this JVM, on deserialized copies. */
    private static final Map<String, AtomicLong> FRAMES_INFERRED = new ConcurrentHashMap<>();

    /**
     * @param model the model that answers
     * @param delayPerBatch added to every batch, whatever its size
     */
    SlowPredictorProvider(PredictorProvider model, Duration delayPerBatch) {
        this(model, delayPerBatch, "default");
    }

    /** @param counter names the count of frames this model is given, for {@link #framesInferred} */
    SlowPredictorProvider(PredictorProvider model, Duration delayPerBatch, String counter) {
        this.model = Objects.requireNonNull(model, "model");
        this.delayMillis = delayPerBatch.toMillis();
        this.counter = Objects.requireNonNull(counter, "counter");
    }

    /** Frames the model was given so far under {@code counter}, over all operator instances. */
    static long framesInferred(String counter) {
        return FRAMES_INFERRED.computeIfAbsent(counter, c -> new AtomicLong()).get();
    }

    @Override
    public ModelMetadata metadata() {
        return model.metadata();
    }

    @Override
    public BatchPredictor open() {
        return new SlowPredictor(model.open(), delayMillis, FRAMES_INFERRED.computeIfAbsent(counter, c -> new AtomicLong()));
    }

    private record SlowPredictor(BatchPredictor delegate, long delayMillis, AtomicLong framesInferred)
            implements BatchPredictor {
        @Override
        public List<Prediction> predict(List<PreparedImage> images, boolean withGradCam) {
            framesInferred.addAndGet(images.size());
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
