package dev.facemask.job.testing;

import dev.facemask.schema.Frame;
import dev.facemask.schema.ImageEncoding;
import dev.facemask.schema.codec.AvroWire;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;

/** Frames as the producer publishes them: Avro single-object values keyed by camera id. */
public final class TestFrames {

    private static final AvroWire<Frame> WIRE = AvroWire.of(Frame.getClassSchema());

    private TestFrames() {}

    public static Frame frame(String cameraId, long sequence, byte[] image, ImageEncoding encoding) {
        return Frame.newBuilder().setCameraId(cameraId).setSequence(sequence)
                .setCaptureTime(Instant.ofEpochMilli(1_700_000_000_000L + sequence * 40))
                .setImage(ByteBuffer.wrap(image)).setEncoding(encoding).setSourceName("test-" + sequence).build();
    }

    /** A good JPEG frame whose brightness varies with the sequence, as a keyed Kafka value. */
    public static Map.Entry<String, byte[]> goodJpeg(String cameraId, long sequence) {
        return record(frame(cameraId, sequence, TestImages.jpeg(80, 60, (int) (80 + sequence * 7 % 170)),
                ImageEncoding.JPEG));
    }

    public static Map.Entry<String, byte[]> record(Frame frame) {
        return Map.entry(frame.getCameraId(), WIRE.encode(frame));
    }
}
