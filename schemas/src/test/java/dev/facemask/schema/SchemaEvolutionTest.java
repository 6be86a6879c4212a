package dev.facemask.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facemask.schema.codec.AvroWire;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The current schemas against v1, the first published contract (test resources), in both directions. */
class SchemaEvolutionTest {

    private static final Map<String, Schema> CURRENT = Map.of(
            "Frame", Frame.getClassSchema(),
            "Detection", Detection.getClassSchema(),
            "DeadLetter", DeadLetter.getClassSchema());

    @ParameterizedTest
    @ValueSource(strings = {"Frame", "Detection", "DeadLetter"})
    void shouldLetOldReadersReadNewRecordsAndNewReadersReadOld(String name) throws IOException {
        Schema old = v1().get(name);
        Schema now = CURRENT.get(name);

        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(old, now).getType())
                .as("v1 reader, current writer").isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(now, old).getType())
                .as("current reader, v1 writer").isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }

    @Test
    void shouldDecodeAFrameWrittenWithTheOldSchemaWithDefaultsForNewFields() throws IOException {
        Schema old = v1().get("Frame");
        GenericRecord oldFrame = new GenericData.Record(old);
        oldFrame.put("cameraId", "cam-1");
        oldFrame.put("sequence", 7L);
        oldFrame.put("captureTime", 1_700_000_000_000L);
        oldFrame.put("image", ByteBuffer.wrap(new byte[] {1, 2, 3}));
        oldFrame.put("encoding", new GenericData.EnumSymbol(old.getField("encoding").schema(), "PNG"));

        byte[] datum = writeGeneric(old, oldFrame);
        GenericRecord read = new GenericDatumReader<GenericRecord>(old, Frame.getClassSchema())
                .read(null, DecoderFactory.get().binaryDecoder(datum, null));

        assertThat(read.get("cameraId").toString()).isEqualTo("cam-1");
        assertThat(read.get("sequence")).isEqualTo(7L);
        assertThat(read.get("sourceName")).isNull();
    }

    @Test
    void shouldResolveSingleObjectRecordsFromAKnownOlderWriter() throws IOException {
        Schema old = v1().get("DeadLetter");
        GenericRecord letter = new GenericData.Record(old);
        letter.put("cameraId", "cam-2");
        letter.put("sequence", 3L);
        letter.put("payload", ByteBuffer.wrap(new byte[] {9}));
        letter.put("kind", new GenericData.EnumSymbol(old.getField("kind").schema(), "CORRUPT_IMAGE"));
        letter.put("message", "bad huffman table");
        letter.put("stage", "decode");
        letter.put("failedAt", 5L);
        byte[] wire = new org.apache.avro.message.BinaryMessageEncoder<GenericRecord>(GenericData.get(), old)
                .encode(letter).array();

        DeadLetter read = AvroWire.<DeadLetter>of(DeadLetter.getClassSchema()).withKnownWriterSchema(old).decode(wire);

        assertThat(read.getKind()).isEqualTo(ErrorKind.CORRUPT_IMAGE);
        assertThat(read.getMessage()).isEqualTo("bad huffman table");
        assertThat(read.getExceptionClass()).isNull();
    }

    static Map<String, Schema> v1() throws IOException {
        Schema.Parser parser = new Schema.Parser();
        Map<String, Schema> out = new java.util.HashMap<>();
        for (String name : List.of("Box", "GradCam", "Frame", "Detection", "DeadLetter")) {
            try (InputStream in = SchemaEvolutionTest.class.getResourceAsStream("/v1/" + name + ".avsc")) {
                out.put(name, parser.parse(in));
            }
        }
        return out;
    }

    private static byte[] writeGeneric(Schema schema, GenericRecord record) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder enc = EncoderFactory.get().binaryEncoder(bytes, null);
        new GenericDatumWriter<GenericRecord>(schema).write(record, enc);
        enc.flush();
        return bytes.toByteArray();
    }
}
