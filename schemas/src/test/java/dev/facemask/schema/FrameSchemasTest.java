package dev.facemask.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.facemask.schema.codec.AvroWire;
import dev.facemask.schema.codec.FrameSchemas;
import dev.facemask.schema.codec.MalformedRecordException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;

/** The store of published Frame versions: v1 (the test resources' contract), the current one, and a newer one named by the user. */
class FrameSchemasTest {

    @Test
    void shouldHoldTheV1ContractAndTheCurrentSchemaByFingerprint() throws IOException {
        Schema v1 = SchemaEvolutionTest.v1().get("Frame");

        assertThat(FrameSchemas.published()).containsOnlyKeys(
                AvroWire.fingerprint(v1), AvroWire.fingerprint(Frame.getClassSchema()));
    }

    @Test
    void shouldReadFramesOfV1AndOfANamedNewerVersionButNotOfAnUnnamedOne() throws IOException {
        Schema v1 = SchemaEvolutionTest.v1().get("Frame");
        Schema newer = newerFrame();
        AvroWire<Frame> told = FrameSchemas.reader(List.of(newer));
        AvroWire<Frame> untold = FrameSchemas.reader(List.of());

        Frame fromV1 = told.decode(encode(v1, frame(v1)));
        Frame fromNewer = told.decode(encode(newer, frame(newer)));

        assertThat(fromV1.getCameraId()).isEqualTo("cam-1");
        assertThat(fromV1.getSourceName()).isNull();
        assertThat(fromNewer.getSequence()).isEqualTo(7L);
        assertThat(untold.decode(encode(v1, frame(v1))).getCameraId()).isEqualTo("cam-1");
        assertThatThrownBy(() -> untold.decode(encode(newer, frame(newer))))
                .isInstanceOf(MalformedRecordException.class)
                .hasMessageContaining("unknown writer schema, fingerprint " + String.format("%016x", AvroWire.fingerprint(newer)))
                .hasMessageEndingWith("this reader knows 2 version(s) of dev.facemask.schema.Frame");
    }

    @Test
    void shouldRefuseANamedSchemaThatCannotBeReadAsTheCurrentFrame() {
        Schema incompatible = new Schema.Parser().parse(Frame.getClassSchema().toString()
                .replace("{\"name\":\"sequence\",\"type\":\"long\"", "{\"name\":\"sequence\",\"type\":\"string\""));

        assertThatThrownBy(() -> FrameSchemas.reader(List.of(incompatible)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot be read as the current Frame")
                .hasMessageEndingWith("New fields need a default, and no field may change its type");
    }

    /** The current Frame plus an optional field, as a producer one version ahead would write. */
    static Schema newerFrame() {
        return new Schema.Parser().parse(Frame.getClassSchema().toString().replaceFirst("\"fields\":\\[",
                "\"fields\":[{\"name\":\"lens\",\"type\":[\"null\",\"string\"],\"default\":null,\"doc\":\"Lens.\"},"));
    }

    private static GenericRecord frame(Schema schema) {
        GenericRecord record = new GenericData.Record(schema);
        record.put("cameraId", "cam-1");
        record.put("sequence", 7L);
        record.put("captureTime", 1_700_000_000_000L);
        record.put("image", ByteBuffer.wrap(new byte[] {1, 2, 3}));
        record.put("encoding", new GenericData.EnumSymbol(schema.getField("encoding").schema(), "PNG"));
        return record;
    }

    private static byte[] encode(Schema schema, GenericRecord record) throws IOException {
        return new BinaryMessageEncoder<GenericRecord>(GenericData.get(), schema).encode(record).array();
    }
}
