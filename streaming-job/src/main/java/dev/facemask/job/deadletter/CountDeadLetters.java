package dev.facemask.job.deadletter;

import dev.facemask.job.metrics.DeadLetterMetrics;
import dev.facemask.schema.DeadLetter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;

/** Passes dead letters through on their way to the sink, counting them by kind. */
public class CountDeadLetters extends RichMapFunction<DeadLetter, DeadLetter> {

    private static final long serialVersionUID = 1L;

    private transient DeadLetterMetrics metrics;

    @Override
    public void open(OpenContext openContext) {
        metrics = new DeadLetterMetrics(getRuntimeContext().getMetricGroup());
    }

    @Override
    public DeadLetter map(DeadLetter deadLetter) {
        metrics.count(deadLetter.getKind());
        return deadLetter;
    }
}
