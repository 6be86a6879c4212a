package dev.facemask.job.options;

import java.util.Objects;

/**
 * The default prefix of the Kafka sinks' transactional ids, derived from the job name and the two
 * output topics: {@code face-mask-detection:detections:dead-letters}.
 *
 * <p>Why derived: Kafka fences a producer as soon as another one initialises the same
 * transactional id. With one constant prefix, a second job on the same Kafka cluster aborts the
 * first one's open transactions when it starts (Flink probes and aborts lingering ids of its prefix)
 * and the first job restarts, or loses a committed checkpoint's output. Two jobs that write to
 * different topics, or that carry different names, now get different prefixes.
 *
 * <p>The topic names cannot contain {@code :} (Kafka allows only {@code [a-zA-Z0-9._-]}), so the
 * parts never run into each other. Keep the prefix unchanged across a restore from a savepoint:
 * transactions left open under an old prefix are never aborted by the new job and hold back
 * {@code read_committed} readers until {@code transaction.timeout.ms} ends them.
 */
public final class TransactionalIdPrefix {

    private TransactionalIdPrefix() {}

    /**
     * @param jobName the Flink job name; characters outside {@code [A-Za-z0-9._-]} become {@code -}
     * @return {@code <job-name>:<detectionsTopic>:<deadLetterTopic>}
     */
    public static String derive(String jobName, String detectionsTopic, String deadLetterTopic) {
        Objects.requireNonNull(jobName, "jobName");
        String slug = jobName.trim().replaceAll("[^A-Za-z0-9._-]+", "-");
        return slug + ":" + Objects.requireNonNull(detectionsTopic, "detectionsTopic")
                + ":" + Objects.requireNonNull(deadLetterTopic, "deadLetterTopic");
    }
}
