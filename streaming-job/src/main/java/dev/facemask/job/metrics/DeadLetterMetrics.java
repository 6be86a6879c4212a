package dev.facemask.job.metrics;

import dev.facemask.schema.ErrorKind;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/** One counter per dead-letter kind, under {@code deadLetters.<KIND>} in the operator's metric group. */
public final class DeadLetterMetrics {

    private final Map<ErrorKind, Counter> counters = new EnumMap<>(ErrorKind.class);

    public DeadLetterMetrics(MetricGroup group) {
        MetricGroup byKind = group.addGroup("deadLetters");
        for (ErrorKind kind : ErrorKind.values()) {
            counters.put(kind, byKind.counter(kind.name()));
        }
    }

    public void count(ErrorKind kind) {
        counters.get(kind == null ? ErrorKind.OTHER : kind).inc();
    }

    /** Dead letters of one kind counted so far by this operator instance. */
    public long total(ErrorKind kind) {
        return counters.get(kind).getCount();
    }
}
