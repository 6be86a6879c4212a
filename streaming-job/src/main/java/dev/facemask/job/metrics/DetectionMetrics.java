package dev.facemask.job.metrics;

import dev.facemask.schema.Detection;
import dev.facemask.schema.Face;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * What the job tells a camera operator about its output, in the routing operator's metric group:
 * {@code detectionsEmitted} (counter), {@code class.<label>.faces} (counter per model class, a Prometheus
 * label {@code class}) and {@code endToEndLatencyMillis} (histogram from the frame's capture time to its
 * detection leaving the model, ms).
 */
public final class DetectionMetrics {

    /** Samples the histogram keeps: enough for stable p99s, a few KB of memory. */
    private static final int HISTOGRAM_WINDOW = 1000;

    private final Counter detections;
    private final Map<String, Counter> facesByClass = new HashMap<>();
    private final Histogram endToEndMillis;
    private final LongSupplier clockMillis;

    /**
     * @param classes the model's class labels ({@code model.json}), each registered now so that a class
     *     never seen still reads 0
     * @param clockMillis wall-clock time, comparable with the producers' capture times
     */
    public DetectionMetrics(MetricGroup group, List<String> classes, LongSupplier clockMillis) {
        this.detections = group.counter(MetricNames.DETECTIONS);
        for (String label : classes) {
            facesByClass.put(label, group.addGroup(MetricNames.CLASS_KEY, label).counter(MetricNames.FACES));
        }
        this.endToEndMillis = group.histogram(MetricNames.END_TO_END_MILLIS, new DescriptiveStatisticsHistogram(HISTOGRAM_WINDOW));
        this.clockMillis = clockMillis;
    }

    /** One detection leaves for the detections topic. */
    public void record(Detection detection) {
        detections.inc();
        for (Face face : detection.getFaces()) {
            Counter counter = facesByClass.get(face.getClassLabel());
            if (counter != null) { // labels come from the same model.json; a stranger is not worth a series
                counter.inc();
            }
        }
        // A camera clock ahead of ours would give a negative latency; 0 keeps the percentiles honest.
        endToEndMillis.update(Math.max(0, clockMillis.getAsLong() - detection.getCaptureTime().toEpochMilli()));
    }
}
