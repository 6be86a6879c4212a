package dev.facemask.job.inference;

import dev.facemask.inference.BatchPredictor;
import dev.facemask.job.deadletter.DeadLetters;
import dev.facemask.job.deadletter.Stage;
import dev.facemask.job.decode.DecodeBudget;
import dev.facemask.job.decode.ImageLimits;
import dev.facemask.job.decode.ImageRejectedException;
import dev.facemask.job.decode.PixelRestorer;
import dev.facemask.job.decode.PreparedFrame;
import dev.facemask.job.metrics.InferenceMetrics;
import dev.facemask.schema.DeadLetter;
import dev.facemask.schema.Detection;
import dev.facemask.schema.ErrorKind;
import dev.facemask.vision.model.ModelMetadata;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;

/**
 * The inference stage, for {@code AsyncDataStream.unorderedWait}: each frame joins a
 * {@link MicroBatcher} that feeds the model in batches from its own thread. Every frame gets
 * exactly one {@link InferenceResult}: a detection, an {@code INFERENCE_FAILED} dead letter when its
 * batch failed, or a {@code TIMEOUT} dead letter when the async timeout fired first.
 *
 * <p>A timeout also cancels the frame in the batcher, so a frame Flink has given up on never
 * reaches the model; the batcher's queue is bounded by the async capacity.
 *
 * <p>The model is leased in {@link #open} and released in {@link #close}; the provider shares one
 * loaded model between all operator instances of a TaskManager.
 */
public class AsyncDetector extends RichAsyncFunction<PreparedFrame, InferenceResult> {

    private static final long serialVersionUID = 1L;

    private final PredictorProvider model;
    private final GradCamPolicy gradCam;
    private final int batchSize;
    private final Duration maxBatchWait;
    private final int capacity;
    private final int concurrentBatches;
    private final PixelRestorer restorer;

    private transient BatchPredictor predictor;
    private transient MicroBatcher<PreparedFrame, Detection> batcher;
    /**
     * The batcher's future of each frame in flight, so a timeout can cancel it. Keyed by the frame
     * object Flink hands to both asyncInvoke and timeout; PreparedFrame keeps Object's identity equals.
     */
    private transient Map<PreparedFrame, CompletableFuture<Detection>> inFlight;

    /**
     * @param batchSize largest batch given to the model
     * @param maxBatchWait longest a frame waits for its batch to fill
     * @param capacity the async operator's capacity: most frames in flight, and so in the batcher's queue
     */
    public AsyncDetector(PredictorProvider model, GradCamPolicy gradCam, int batchSize, Duration maxBatchWait,
            int capacity) {
        this(model, gradCam, batchSize, maxBatchWait, capacity, 1,
                new PixelRestorer(ImageLimits.DEFAULT, DecodeBudget.DEFAULT, model));
    }

    /**
     * @param batchSize largest batch given to the model
     * @param maxBatchWait longest a frame waits for its batch to fill
     * @param capacity the async operator's capacity: most frames in flight, and so in the batcher's queue
     * @param concurrentBatches batches run on the model at once, one thread each
     * @param restorer prepares the pixels of frames restored from a checkpoint, which leaves them out;
     *     built with the decode stage's limits
     */
    public AsyncDetector(PredictorProvider model, GradCamPolicy gradCam, int batchSize, Duration maxBatchWait,
            int capacity, int concurrentBatches, PixelRestorer restorer) {
        this.restorer = Objects.requireNonNull(restorer, "restorer");
        this.model = Objects.requireNonNull(model, "model");
        this.gradCam = Objects.requireNonNull(gradCam, "gradCam");
        this.maxBatchWait = Objects.requireNonNull(maxBatchWait, "maxBatchWait");
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, was " + batchSize);
        }
        if (concurrentBatches < 1) {
            throw new IllegalArgumentException("concurrentBatches must be at least 1, was " + concurrentBatches);
        }
        this.batchSize = batchSize;
        this.capacity = capacity;
        this.concurrentBatches = concurrentBatches;
    }

    @Override
    public void open(OpenContext openContext) {
        ModelMetadata metadata = model.metadata();
        predictor = model.open();
        FrameInference inference = new FrameInference(predictor, metadata, gradCam);
        int subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
        InferenceMetrics metrics = new InferenceMetrics(getRuntimeContext().getMetricGroup(), this::queueDepth);
        inFlight = new ConcurrentHashMap<>();
        batcher = new MicroBatcher<>(batchSize, maxBatchWait, capacity, concurrentBatches, inference::run, metrics::recordBatch,
                "micro-batcher-" + subtask);
    }

    @Override
    public void asyncInvoke(PreparedFrame frame, ResultFuture<InferenceResult> result) throws InterruptedException {
        try {
            restorer.restore(frame);
        } catch (ImageRejectedException e) {
            // It decoded before the checkpoint; a changed limit or budget can still refuse it now.
            result.complete(List.of(InferenceResult.failed(DeadLetters.of(e.kind(), Stage.DECODE, frame.cameraId,
                    frame.sequence, frame.image, e.getMessage(), e.getCause()))));
            return;
        }
        CompletableFuture<Detection> answer = batcher.submit(frame);
        inFlight.put(frame, answer);
        // Registered after put: if the answer is already there, this runs now and still removes the entry.
        answer.whenComplete((detection, error) -> {
            inFlight.remove(frame);
            if (answer.isCancelled()) {
                return; // timed out: timeout() has completed the result already
            }
            result.complete(List.of(error == null
                    ? InferenceResult.of(detection)
                    : InferenceResult.failed(deadLetter(frame, ErrorKind.INFERENCE_FAILED, unwrap(error)))));
        });
    }

    @Override
    public void timeout(PreparedFrame frame, ResultFuture<InferenceResult> result) {
        TimeoutNotice notice = new TimeoutNotice("No model answer within the async timeout (queue depth "
                + batcher.queueDepth() + ")");
        result.complete(List.of(InferenceResult.failed(deadLetter(frame, ErrorKind.TIMEOUT, notice))));
        CompletableFuture<Detection> answer = inFlight.remove(frame);
        if (answer != null) {
            answer.cancel(false);
        }
    }

    @Override
    public void close() throws Exception {
        try {
            if (batcher != null) {
                batcher.close();
            }
        } finally {
            if (predictor != null) {
                predictor.close();
            }
        }
    }

    private int queueDepth() {
        MicroBatcher<?, ?> current = batcher;
        return current == null ? 0 : current.queueDepth();
    }

    private static DeadLetter deadLetter(PreparedFrame frame, ErrorKind kind, Throwable cause) {
        return DeadLetters.of(kind, Stage.INFERENCE, frame.cameraId, frame.sequence, frame.image,
                cause.getClass().getSimpleName() + ": " + cause.getMessage(), cause);
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    /** Why a frame timed out; recorded as the dead letter's exception class. */
    static final class TimeoutNotice extends Exception {
        private static final long serialVersionUID = 1L;

        TimeoutNotice(String message) {
            super(message, null, false, false);
        }
    }
}
