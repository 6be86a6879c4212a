package dev.facemask.job.deadletter;

import dev.facemask.schema.DeadLetter;
import dev.facemask.schema.ErrorKind;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.OutputTag;

/**
 * Builds {@link DeadLetter}s and names the side output every stage writes them to.
 *
 * <p>A dead letter keeps the original bytes, so a frame can be replayed once the cause is fixed.
 */
public final class DeadLetters {

    /** The side output of every stage that can reject a record. */
    public static final OutputTag<DeadLetter> TAG =
            new OutputTag<>("dead-letters", TypeInformation.of(DeadLetter.class));

    private DeadLetters() {}

    /**
     * A Kafka value that is not an Avro {@code Frame}; the whole value is kept.
     *
     * @param cameraId the record's Kafka key read as a camera id, or null when it is not readable
     */
    public static DeadLetter malformedRecord(byte[] value, String cameraId, Throwable cause) {
        return of(ErrorKind.MALFORMED_RECORD, Stage.SOURCE, cameraId, null, value, cause.getMessage(), cause);
    }

    /**
     * @param cameraId the frame's camera, or null when unknown
     * @param sequence the frame's sequence number, or null when unknown
     * @param payload the original bytes (the image, or the Kafka value); null is stored as empty
     * @param cause the exception, or null when the rejection was a plain check
     */
    public static DeadLetter of(ErrorKind kind, Stage stage, String cameraId, Long sequence, byte[] payload,
            String message, Throwable cause) {
        return DeadLetter.newBuilder()
                .setKind(kind)
                .setStage(stage.wireName())
                .setCameraId(cameraId)
                .setSequence(sequence)
                .setPayload(ByteBuffer.wrap(payload == null ? new byte[0] : payload))
                .setMessage(message == null ? kind.name() : message)
                .setExceptionClass(cause == null ? null : cause.getClass().getName())
                .setFailedAt(Instant.now())
                .build();
    }
}
