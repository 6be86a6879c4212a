package dev.facemask.job.testing;

import dev.facemask.schema.Frame;
import dev.facemask.schema.ImageEncoding;
import dev.facemask.schema.codec.AvroWire;
import dev.facemask.trainer.evaluate.LabeledSample;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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

    /** A frame carrying the bytes of a JPEG file as they are on disk, as a keyed Kafka value. */
    public static Map.Entry<String, byte[]> jpegFile(String cameraId, long sequence, Path jpeg) {
        try {
            return record(frame(cameraId, sequence, Files.readAllBytes(jpeg), ImageEncoding.JPEG));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read test image " + jpeg, e);
        }
    }

    /**
     * One frame per sample, in order: sample {@code i} becomes sequence {@code firstSequence + i} of
     * camera {@code cam-(i % cameras)}, so a detection's sequence leads back to its image.
     */
    public static List<Map.Entry<String, byte[]>> jpegFiles(List<LabeledSample> samples, long firstSequence,
            int cameras) {
        List<Map.Entry<String, byte[]>> out = new ArrayList<>(samples.size());
        for (int i = 0; i < samples.size(); i++) {
            out.add(jpegFile("cam-" + (i % cameras), firstSequence + i, samples.get(i).image()));
        }
        return out;
    }

    public static Map.Entry<String, byte[]> record(Frame frame) {
        return Map.entry(frame.getCameraId(), WIRE.encode(frame));
    }
}
