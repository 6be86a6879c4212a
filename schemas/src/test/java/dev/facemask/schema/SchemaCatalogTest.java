package dev.facemask.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facemask.schema.codec.AvroWire;
import dev.facemask.schema.codec.SchemaCatalog;
import java.util.Arrays;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class SchemaCatalogTest {

    @Test
    void shouldListTheSixRecordsTopicSchemasFirst() {
        assertThat(SchemaCatalog.records()).extracting(Schema::getName)
                .containsExactly("Frame", "Detection", "DeadLetter", "Face", "Box", "GradCam");
    }

    @Test
    void shouldGiveTheCanonicalFormWithoutDocsDefaultsOrLogicalTypes() {
        assertThat(SchemaCatalog.canonicalForm(Box.getClassSchema())).isEqualTo(
                "{\"name\":\"dev.facemask.schema.Box\",\"type\":\"record\",\"fields\":[{\"name\":\"xMin\",\"type\":\"float\"},"
                        + "{\"name\":\"yMin\",\"type\":\"float\"},{\"name\":\"xMax\",\"type\":\"float\"},"
                        + "{\"name\":\"yMax\",\"type\":\"float\"}]}");
        assertThat(SchemaCatalog.canonicalForm(Frame.getClassSchema()))
                .contains("{\"name\":\"captureTime\",\"type\":\"long\"}")
                .doesNotContain("logicalType", "doc", "default");
    }

    @Test
    void shouldWriteTheFingerprintLittleEndianAsTheEncoderDoes() {
        long fingerprint = AvroWire.fingerprint(Box.getClassSchema());
        byte[] bytes = SchemaCatalog.fingerprintBytes(Box.getClassSchema());

        assertThat(bytes[0]).isEqualTo((byte) fingerprint);
        assertThat(bytes[7]).isEqualTo((byte) (fingerprint >>> 56));
    }

    @Test
    void shouldGiveTheHeaderThatStartsEveryEncodedValue() {
        Box box = new Box(0.1f, 0.2f, 0.3f, 0.4f);
        byte[] encoded = AvroWire.<Box>of(Box.getClassSchema()).encode(box);

        assertThat(Arrays.copyOf(encoded, 10)).isEqualTo(SchemaCatalog.header(Box.getClassSchema()));
        assertThat(SchemaCatalog.hex(encoded)).startsWith("C3 01 ");
        // The datum: four little-endian IEEE floats, 16 bytes after the 10-byte header.
        assertThat(encoded).hasSize(26);
        assertThat(SchemaCatalog.hex(Arrays.copyOfRange(encoded, 10, 14))).isEqualTo("CD CC CC 3D");
    }

    @Test
    void shouldEncodeTheReadmesFrameExampleByteForByte() {
        Frame frame = Frame.newBuilder().setCameraId("cam").setSequence(1).setCaptureTime(java.time.Instant.parse("2025-12-01T00:00:00Z"))
                .setImage(java.nio.ByteBuffer.wrap(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xD9}))
                .setEncoding(ImageEncoding.JPEG).build();

        assertThat(SchemaCatalog.hex(AvroWire.<Frame>of(Frame.getClassSchema()).encode(frame))).isEqualTo(
                "C3 01 34 09 BE 9F B1 3F AC 80 06 63 61 6D 02 80 90 AC F3 DA 66 08 FF D8 FF D9 00 00 00 00 00 00");
    }
}
