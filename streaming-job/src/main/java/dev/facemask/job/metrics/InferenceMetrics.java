package dev.facemask.job.metrics;

import java.util.function.IntSupplier;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MeterView;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * The inference operator's metrics, in its Flink metric group:
 * {@code inferenceLatencyMillis} (histogram of model time per batch, ms), {@code batchSize}
 * (histogram, frames per batch), {@code queueDepth} (gauge, frames waiting for a batch),
 * {@code framesPerSecond} (meter over 60 s) and {@code framesInferred} (counter).
 */
public final class InferenceMetrics {

    /** Samples each histogram keeps: enough for stable percentiles, a few KB of memory. */
    private static final int HISTOGRAM_WINDOW = 1000;

    private final Histogram latencyMillis;
    private final Histogram batchSize;
    private final Counter frames;

    public InferenceMetrics(MetricGroup group, IntSupplier queueDepth) {
        this.latencyMillis = group.histogram(MetricNames.MODEL_MILLIS, new DescriptiveStatisticsHistogram(HISTOGRAM_WINDOW));
        this.batchSize = group.histogram(MetricNames.BATCH_SIZE, new DescriptiveStatisticsHistogram(HISTOGRAM_WINDOW));
        this.frames = group.counter(MetricNames.FRAMES_INFERRED);
        // The meter reads the counter's rate; Flink updates it every few seconds.
        group.meter(MetricNames.FRAMES_PER_SECOND, new MeterView(frames));
        group.gauge(MetricNames.QUEUE_DEPTH, queueDepth::getAsInt);
    }

    /**
     * One batch ran on the model. Synchronized because with {@code --concurrent-batches} several batcher
     * threads report, and Flink's histograms and counters are not thread-safe.
     */
    public synchronized void recordBatch(int size, long nanos) {
        latencyMillis.update(nanos / 1_000_000);
        batchSize.update(size);
        frames.inc(size);
    }
}
