package dev.facemask.job.source;

import dev.facemask.job.deadletter.DeadLetters;
import dev.facemask.job.deadletter.Stage;
import dev.facemask.job.metrics.MetricNames;
import dev.facemask.job.deadletter.RecordLimits;
import dev.facemask.schema.ErrorKind;
import dev.facemask.schema.Frame;
import dev.facemask.schema.codec.AvroWire;
import dev.facemask.schema.codec.FrameSchemas;
import dev.facemask.job.options.JobOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Decodes Kafka values into {@link Frame}s with the project's wire encoding
 * ({@link AvroWire}: Avro single-object encoding, no schema registry), resolving every published
 * {@code Frame} version ({@link FrameSchemas}) and the writer schemas the job was given.
 *
 * <p>Refused, to {@link DeadLetters#TAG} with stage {@code source}, keeping the whole value and the
 * Kafka key as camera id (when it is readable text):
 * <ul>
 *   <li>{@code MALFORMED_RECORD}: a value that does not decode, such as random bytes, a truncated
 *       record, a length bomb, a record of another schema or in Schema Registry framing;</li>
 *   <li>{@code FIELD_TOO_LONG}: a frame whose {@code cameraId} or {@code sourceName} is over
 *       {@link RecordLimits#maxIdLength()}, since every detection copies them.</li>
 * </ul>
 */
public class FrameParser extends ProcessFunction<RawFrame, Frame> {

    private static final long serialVersionUID = 1L;

    private final RecordLimits limits;
    /** Extra Frame writer schemas, as JSON: Avro's Schema is not serializable in every version. */
    private final List<String> extraWriterSchemas;
    private transient AvroWire<Frame> wire;
    /** Every record read, valid or not: with the dead-letter counters it says how much input was refused. */
    private transient Counter received;

    /**
     * @param extraWriterSchemas JSON of Frame writer schemas beyond the published ones, such as a
     *     producer's newer version with an optional field
     */
    public FrameParser(RecordLimits limits, List<String> extraWriterSchemas) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.extraWriterSchemas = List.copyOf(extraWriterSchemas);
    }

    /**
     * The parser for the job's options: reads the extra writer schema files and checks that each
     * resolves to the current {@code Frame} now, before anything is submitted.
     *
     * @throws IllegalArgumentException naming a file that is unreadable, not a schema, or incompatible
     */
    public static FrameParser fromOptions(JobOptions options) {
        List<String> schemas = new ArrayList<>();
        for (Path file : options.frameWriterSchemas()) {
            try {
                String json = Files.readString(file);
                FrameSchemas.reader(List.of(new Schema.Parser().parse(json)));
                schemas.add(json);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read Frame writer schema " + file.toAbsolutePath(), e);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("Frame writer schema " + file.toAbsolutePath() + " is not usable: "
                        + e.getMessage(), e);
            }
        }
        return new FrameParser(options.recordLimits(), schemas);
    }

    @Override
    public void open(OpenContext openContext) {
        received = getRuntimeContext().getMetricGroup().counter(MetricNames.FRAMES_RECEIVED);
        wire = FrameSchemas.reader(extraWriterSchemas.stream().map(json -> new Schema.Parser().parse(json)).toList());
    }

    @Override
    public void processElement(RawFrame raw, Context ctx, Collector<Frame> out) {
        received.inc();
        Frame frame;
        try {
            frame = wire.decode(raw.value);
        } catch (RuntimeException e) {
            // AvroWire maps the usual decoding failures to MalformedRecordException; anything else
            // from hostile bytes means the same.
            ctx.output(DeadLetters.TAG, DeadLetters.malformedRecord(raw.value,
                    FieldLengths.cameraIdOfKey(raw.key, limits), e));
            return;
        }
        String problem = FieldLengths.problemOf(frame, limits);
        if (problem != null) {
            ctx.output(DeadLetters.TAG, DeadLetters.of(ErrorKind.FIELD_TOO_LONG, Stage.SOURCE,
                    FieldLengths.boundedId(frame.getCameraId(), limits), frame.getSequence(), raw.value, problem, null));
            return;
        }
        out.collect(frame);
    }
}
