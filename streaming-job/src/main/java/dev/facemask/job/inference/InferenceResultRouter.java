package dev.facemask.job.inference;

import dev.facemask.job.deadletter.DeadLetters;
import dev.facemask.schema.Detection;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/** Splits the async operator's results: detections to the main output, dead letters to {@link DeadLetters#TAG}. */
public class InferenceResultRouter extends ProcessFunction<InferenceResult, Detection> {

    private static final long serialVersionUID = 1L;

    @Override
    public void processElement(InferenceResult result, Context ctx, Collector<Detection> out) {
        if (result.isDetection()) {
            out.collect(result.detection);
        } else {
            ctx.output(DeadLetters.TAG, result.deadLetter);
        }
    }
}
