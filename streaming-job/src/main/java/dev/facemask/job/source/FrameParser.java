package dev.facemask.job.source;

import dev.facemask.job.deadletter.DeadLetters;
import dev.facemask.schema.Frame;
import dev.facemask.schema.codec.AvroWire;
import dev.facemask.schema.codec.MalformedRecordException;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Decodes Kafka values into {@link Frame}s with the project's wire encoding
 * ({@link AvroWire}: Avro single-object encoding, no schema registry). A value that does not decode,
 * such as random bytes, a truncated record or a record of another schema, goes to
 * {@link DeadLetters#TAG} as {@code MALFORMED_RECORD} with stage {@code source}, keeping the whole value.
 */
public class FrameParser extends ProcessFunction<byte[], Frame> {

    private static final long serialVersionUID = 1L;

    private transient AvroWire<Frame> wire;

    @Override
    public void open(OpenContext openContext) {
        wire = AvroWire.of(Frame.getClassSchema());
    }

    @Override
    public void processElement(byte[] value, Context ctx, Collector<Frame> out) {
        Frame frame;
        try {
            frame = wire.decode(value);
        } catch (MalformedRecordException e) {
            ctx.output(DeadLetters.TAG, DeadLetters.malformedRecord(value, e));
            return;
        } catch (RuntimeException e) {
            // AvroWire maps the usual decoding failures; anything else from random bytes means the same.
            ctx.output(DeadLetters.TAG, DeadLetters.malformedRecord(value, e));
            return;
        }
        out.collect(frame);
    }
}
