package dev.facemask.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.facemask.schema.codec.AvroWire;
import dev.facemask.schema.codec.MalformedRecordException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AvroWireTest {

    private final AvroWire<Frame> frames = AvroWire.of(Frame.getClassSchema());
    private final AvroWire<Detection> detections = AvroWire.of(Detection.getClassSchema());

    @Test
    void shouldRoundTripAFrameWithGroundTruth() {
        Frame frame = Frame.newBuilder()
                .setCameraId("cam-1").setSequence(42).setCaptureTime(java.time.Instant.ofEpochMilli(1234))
                .setImage(ByteBuffer.wrap(new byte[] {(byte) 0xff, (byte) 0xd8}))
                .setEncoding(ImageEncoding.JPEG).setWidth(640).setHeight(480)
                .setGroundTruthBoxes(List.of(new Box(0.1f, 0.2f, 0.3f, 0.4f)))
                .setGroundTruthLabels(List.of("mask"))
                .setSourceName("a.jpg")
                .build();

        Frame back = frames.decode(frames.encode(frame));

        assertThat(back).isEqualTo(frame);
        assertThat(back.getGroundTruthBoxes().get(0).getYMax()).isEqualTo(0.4f);
    }

    @Test
    void shouldRoundTripADetectionWithGradCam() {
        Detection d = Detection.newBuilder()
                .setCameraId("c").setSequence(1).setCaptureTime(java.time.Instant.ofEpochMilli(1))
                .setProcessingTime(java.time.Instant.ofEpochMilli(2))
                .setModelName("facemask-tiny").setModelVersion("1").setClassId(1).setClassLabel("no-mask")
                .setScore(0.9f).setClassScores(Map.of("mask", 0.1f, "no-mask", 0.9f))
                .setBox(new Box(0f, 0f, 0.5f, 0.5f)).setBoxPixels(new Box(0f, 0f, 50f, 50f))
                .setInferenceMillis(3.5f).setBatchSize(8)
                .setGradCam(new GradCam(2, 1, List.of(0f, 1f), 1, "no-mask"))
                .build();

        assertThat(detections.decode(detections.encode(d))).isEqualTo(d);
    }

    @Test
    void shouldRejectRandomBytesWithAClearMessage() {
        assertThatThrownBy(() -> frames.decode(new byte[] {1, 2, 3, 4, 5}))
                .isInstanceOf(MalformedRecordException.class)
                .hasMessageStartingWith("Not an Avro single-object record");
        assertThatThrownBy(() -> frames.decode(new byte[0]))
                .isInstanceOf(MalformedRecordException.class)
                .hasMessage("Not an Avro single-object record: empty record value");
    }

    @Test
    void shouldRejectARecordOfAnotherSchema() {
        DeadLetter letter = DeadLetter.newBuilder().setPayload(ByteBuffer.wrap(new byte[0]))
                .setKind(ErrorKind.OTHER).setMessage("m").setStage("decode")
                .setFailedAt(java.time.Instant.ofEpochMilli(0)).build();
        byte[] wire = AvroWire.<DeadLetter>of(DeadLetter.getClassSchema()).encode(letter);

        assertThatThrownBy(() -> frames.decode(wire)).isInstanceOf(MalformedRecordException.class);
    }

    @Test
    void shouldRefuseLengthBombsInAStringABytesAndAnArrayFieldWithoutAllocating() {
        long fingerprint = AvroWire.fingerprint(Frame.getClassSchema());
        byte[] header = ByteBuffer.allocate(10).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .put((byte) 0xC3).put((byte) 0x01).putLong(fingerprint).array();
        byte[] bomb = {(byte) 0x80, (byte) 0xd0, (byte) 0xac, (byte) 0xf3, 0x0e}; // zig-zag varint of 2e9
        // cameraId "c", sequence 0, captureTime 0, image empty, encoding JPEG, width null, height null,
        // groundTruthBoxes: the array branch of the union
        byte[] beforeArray = {0x02, 'c', 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02};

        assertThatThrownBy(() -> frames.decode(concat(header, bomb)))
                .isInstanceOf(MalformedRecordException.class)
                .hasMessage("Not an Avro single-object record: Frame.cameraId declares 2000000000 bytes, but the record"
                        + " has only 0 bytes left (15 bytes in all)");
        assertThatThrownBy(() -> frames.decode(concat(header, new byte[] {0x02, 'c', 0x00, 0x00}, bomb)))
                .isInstanceOf(MalformedRecordException.class)
                .hasMessageContaining("Frame.image declares 2000000000 bytes");
        assertThatThrownBy(() -> frames.decode(concat(header, beforeArray, bomb)))
                .isInstanceOf(MalformedRecordException.class)
                .hasMessageContaining("Frame.groundTruthBoxes[] declares 2000000000 items of at least 16 bytes each");
    }

    @Test
    void shouldSayWhatItExpectsAndWhatItSawForConfluentSchemaRegistryFraming() {
        byte[] confluent = {0x00, 0x00, 0x00, 0x00, 0x2a, 0x02, 'c', 0x00};

        assertThatThrownBy(() -> frames.decode(confluent))
                .isInstanceOf(MalformedRecordException.class)
                .hasMessage("Not an Avro single-object record: Confluent Schema Registry framing (magic byte 0x00,"
                        + " schema id 42); the job reads Avro single-object encoding: C3 01, then the writer schema's"
                        + " 8-byte CRC-64-AVRO fingerprint, then the datum (no schema registry). Saw 8 bytes:"
                        + " 00 00 00 00 2a 02 63 00. Write frames with the project's AvroWire (or Frame.toByteBuffer),"
                        + " not KafkaAvroSerializer");
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
