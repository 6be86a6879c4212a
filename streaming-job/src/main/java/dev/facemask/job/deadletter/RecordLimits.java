package dev.facemask.job.deadletter;

import java.io.Serializable;

/**
 * Bounds on what the job copies from a frame into its outputs, so that no output can exceed what
 * the Kafka producer accepts ({@code max.request.size}, 1 MB by default). A record the sink refuses
 * throws {@code RecordTooLargeException}, which fails the task; Flink then re-reads the same
 * record and fails again.
 *
 * @param maxIdLength most characters of {@code cameraId} and {@code sourceName}, which every
 *     detection copies (and the camera id again as its key); a frame over it becomes a
 *     {@code FIELD_TOO_LONG} dead letter
 * @param maxDeadLetterPayloadBytes most bytes of the original payload a dead letter keeps; a longer
 *     payload is cut to its first bytes and the record says so in {@code payloadBytes}
 */
public record RecordLimits(int maxIdLength, int maxDeadLetterPayloadBytes) implements Serializable {

    /** 256 characters, 512 KiB: a dead letter stays well under the producer's default 1 MiB. */
    public static final RecordLimits DEFAULT = new RecordLimits(256, 512 * 1024);

    /** Room a dead letter needs besides its payload: key, ids, message (cut to 4,096 characters), stage, times. */
    public static final int DEAD_LETTER_OVERHEAD_BYTES = 64 * 1024;

    public RecordLimits {
        if (maxIdLength < 1 || maxIdLength > 4096) {
            throw new IllegalArgumentException("maxIdLength must be 1 to 4096 characters, was " + maxIdLength);
        }
        if (maxDeadLetterPayloadBytes < 0) {
            throw new IllegalArgumentException("maxDeadLetterPayloadBytes must not be negative, was "
                    + maxDeadLetterPayloadBytes);
        }
    }
}
