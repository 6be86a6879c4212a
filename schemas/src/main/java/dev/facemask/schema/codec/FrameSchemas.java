package dev.facemask.schema.codec;

import dev.facemask.schema.Frame;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;

/**
 * Every published version of the {@code Frame} schema, keyed by fingerprint, and a reader that
 * resolves frames written with any of them (or with a newer schema a user names) to the current
 * {@link Frame}.
 *
 * <p>Why: single-object encoding carries the writer's fingerprint, not its schema. A reader that
 * knows only the current schema refuses every frame of a producer one version behind or ahead.
 *
 * <pre>{@code
 * AvroWire<Frame> wire = FrameSchemas.reader(List.of(new Schema.Parser().parse(newerJson)));
 * Frame frame = wire.decode(value); // v1, current, or the newer version
 * }</pre>
 */
public final class FrameSchemas {

    /** Versions published before the current one, oldest first; resources under {@code published/}. */
    static final List<String> PUBLISHED = List.of("Frame-v1.avsc");

    private FrameSchemas() {}

    /** Every published version including the current one, by fingerprint, oldest first. */
    public static Map<Long, Schema> published() {
        Map<Long, Schema> out = new LinkedHashMap<>();
        for (String name : PUBLISHED) {
            Schema schema = parse(name);
            out.put(AvroWire.fingerprint(schema), schema);
        }
        out.put(AvroWire.fingerprint(Frame.getClassSchema()), Frame.getClassSchema());
        return out;
    }

    /**
     * A reader of the published versions and of {@code extra} writer schemas (a producer's newer
     * version, say).
     *
     * @throws IllegalArgumentException when an extra schema cannot be resolved to the current
     *     {@code Frame}, with Avro's reason
     */
    public static AvroWire<Frame> reader(Collection<Schema> extra) {
        AvroWire<Frame> wire = AvroWire.of(Frame.getClassSchema());
        List<Schema> writers = new ArrayList<>(published().values());
        writers.addAll(extra);
        for (Schema writer : writers) {
            var result = SchemaCompatibility.checkReaderWriterCompatibility(Frame.getClassSchema(), writer);
            if (result.getType() != SchemaCompatibilityType.COMPATIBLE) {
                throw new IllegalArgumentException("Frame writer schema " + String.format("%016x", AvroWire.fingerprint(writer))
                        + " cannot be read as the current Frame: " + result.getResult().getIncompatibilities()
                        + ". New fields need a default, and no field may change its type");
            }
            wire.withKnownWriterSchema(writer);
        }
        return wire;
    }

    private static Schema parse(String name) {
        try (InputStream in = FrameSchemas.class.getResourceAsStream("/dev/facemask/schema/published/" + name)) {
            if (in == null) {
                throw new IllegalStateException("Missing published schema resource " + name);
            }
            return new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
