package dev.facemask.runtime.stack;

/**
 * The roles of the local stack's JVMs, in start order; each constant is also the first JVM of its role.
 * The main class identifies a pid as ours before {@code down} signals it: together with the
 * {@code -Dfacemask.stack=<dir>} marker on the command line.
 */
public enum StackRole implements StackJvm {
    KAFKA("kafka", "kafka.Kafka"),
    JOB_MANAGER("jobmanager", "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint"),
    TASK_MANAGER("taskmanager", "org.apache.flink.runtime.taskexecutor.TaskManagerRunner");

    private final String id;
    private final String mainClass;

    StackRole(String id, String mainClass) {
        this.id = id;
        this.mainClass = mainClass;
    }

    /** File-name friendly id: {@code kafka}, {@code jobmanager}, {@code taskmanager}. */
    @Override
    public String id() {
        return id;
    }

    @Override
    public String mainClass() {
        return mainClass;
    }
}
