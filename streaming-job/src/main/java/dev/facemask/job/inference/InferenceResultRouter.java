package dev.facemask.job.inference;

import dev.facemask.job.deadletter.DeadLetters;
import dev.facemask.job.metrics.DetectionMetrics;
import dev.facemask.schema.Detection;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Splits the async operator's results: detections to the main output, dead letters to {@link DeadLetters#TAG}.
 * Counts the detections, their faces by class and their end-to-end latency ({@link DetectionMetrics}).
 */
public class InferenceResultRouter extends ProcessFunction<InferenceResult, Detection> {

    private static final long serialVersionUID = 1L;

    private final List<String> classes;
    private transient DetectionMetrics metrics;

    /** @param classes the model's class labels, one face counter each */
    public InferenceResultRouter(List<String> classes) {
        this.classes = List.copyOf(classes);
    }

    @Override
    public void open(OpenContext openContext) {
        metrics = new DetectionMetrics(getRuntimeContext().getMetricGroup(), classes, System::currentTimeMillis);
    }

    @Override
    public void processElement(InferenceResult result, Context ctx, Collector<Detection> out) {
        if (result.isDetection()) {
            metrics.record(result.detection);
            out.collect(result.detection);
        } else {
            ctx.output(DeadLetters.TAG, result.deadLetter);
        }
    }
}
