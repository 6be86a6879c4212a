package dev.facemask.runtime.stack;

import java.util.List;
import java.util.OptionalLong;

/**
 * What runs of the local stack: one entry per JVM in start order.
 *
 * @param processes Kafka, JobManager, then each TaskManager
 * @param bootstrapServers the Kafka endpoint clients use
 * @param restUrl Flink's REST API and web UI
 * @param metricsUrls the Prometheus endpoints of the JobManager and each TaskManager
 */
public record StackStatus(List<ProcessStatus> processes, String bootstrapServers, String restUrl, List<String> metricsUrls) {

    public boolean allUp() {
        return processes.stream().allMatch(ProcessStatus::up);
    }

    public boolean noneUp() {
        return processes.stream().noneMatch(ProcessStatus::up);
    }

    public ProcessStatus of(StackJvm process) {
        return processes.stream().filter(p -> p.process().equals(process)).findFirst().orElseThrow();
    }

    /**
     * @param process which JVM
     * @param pid its pid while it runs
     * @param endpoint what it serves, e.g. {@code 127.0.0.1:9092}; a TaskManager's Prometheus endpoint
     * @param portOpen whether {@code endpoint} accepts connections (false when there is none)
     */
    public record ProcessStatus(StackJvm process, OptionalLong pid, String endpoint, boolean portOpen) {
        public boolean up() {
            return pid.isPresent();
        }
    }
}
