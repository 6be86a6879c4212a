package dev.facemask.job.deadletter;

import dev.facemask.schema.DeadLetter;
import java.nio.ByteBuffer;
import java.util.Objects;
import org.apache.flink.api.common.functions.MapFunction;

/**
 * Cuts a dead letter to a size the Kafka producer accepts, on its way to the sink: the payload to
 * its first {@link RecordLimits#maxDeadLetterPayloadBytes()} bytes (recording the original size in
 * {@code payloadBytes}), the message to {@value #MAX_MESSAGE_CHARS} characters, and an over-long
 * camera id to null.
 *
 * <p>Why here: every stage's dead letters pass through this one operator, and a dead letter the
 * sink refuses would fail the task and crash-loop the job on the same record.
 */
public class DeadLetterCap implements MapFunction<DeadLetter, DeadLetter> {

    private static final long serialVersionUID = 1L;

    static final int MAX_MESSAGE_CHARS = 4096;

    private final RecordLimits limits;

    public DeadLetterCap(RecordLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    @Override
    public DeadLetter map(DeadLetter letter) {
        ByteBuffer payload = letter.getPayload();
        int max = limits.maxDeadLetterPayloadBytes();
        if (payload.remaining() > max) {
            letter.setPayloadBytes((long) payload.remaining());
            ByteBuffer cut = payload.duplicate();
            cut.limit(cut.position() + max);
            byte[] first = new byte[max];
            cut.get(first);
            letter.setPayload(ByteBuffer.wrap(first));
        }
        if (letter.getMessage().length() > MAX_MESSAGE_CHARS) {
            letter.setMessage(letter.getMessage().substring(0, MAX_MESSAGE_CHARS - 3) + "...");
        }
        if (letter.getCameraId() != null && letter.getCameraId().length() > limits.maxIdLength()) {
            letter.setCameraId(null);
        }
        return letter;
    }
}
