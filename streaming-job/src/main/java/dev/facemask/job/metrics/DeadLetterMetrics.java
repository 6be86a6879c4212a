package dev.facemask.job.metrics;

import dev.facemask.schema.ErrorKind;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * One counter per dead-letter kind: {@code kind.<KIND>.deadLetters} in the operator's metric group, which
 * Flink's Prometheus reporter exports as {@code flink_taskmanager_job_task_operator_kind_deadLetters{kind="<KIND>"}}.
 * Every kind is registered up front, so a dashboard shows zeros rather than no data.
 */
public final class DeadLetterMetrics {

    private final Map<ErrorKind, Counter> counters = new EnumMap<>(ErrorKind.class);

    public DeadLetterMetrics(MetricGroup group) {
        for (ErrorKind kind : ErrorKind.values()) {
            counters.put(kind, group.addGroup(MetricNames.KIND_KEY, kind.name()).counter(MetricNames.DEAD_LETTERS));
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
