package dev.facemask.cli.replay;

import dev.facemask.cli.kafka.FramePublisher;
import dev.facemask.cli.produce.Pacer;
import dev.facemask.cli.produce.SourceImage;
import dev.facemask.schema.Box;
import dev.facemask.schema.Frame;
import dev.facemask.trainer.evaluate.LabeledSample;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;

/** Turns a labelled split into frames that carry their ground truth, sequence = index in the split. */
final class ReplayFrames {

    private ReplayFrames() {}

    static Frame frame(String cameraId, long sequence, LabeledSample sample, List<String> classes) throws IOException {
        byte[] bytes = Files.readAllBytes(sample.image());
        dev.facemask.vision.geometry.Box b = sample.box();
        return Frame.newBuilder()
                .setCameraId(cameraId)
                .setSequence(sequence)
                .setCaptureTime(Instant.now())
                .setImage(ByteBuffer.wrap(bytes))
                .setEncoding(SourceImage.sniff(bytes))
                .setGroundTruthBoxes(List.of(new Box((float) b.xMin(), (float) b.yMin(), (float) b.xMax(), (float) b.yMax())))
                .setGroundTruthLabels(List.of(sample.classId() < classes.size() ? classes.get(sample.classId()) : "class-" + sample.classId()))
                .setSourceName(sample.image().getFileName().toString())
                .build();
    }

    /** Publishes every sample, paced at {@code fps} (0: as fast as possible). */
    static void publish(FramePublisher publisher, String cameraId, List<LabeledSample> samples, List<String> classes, double fps)
            throws IOException, InterruptedException {
        Pacer pacer = new Pacer(fps);
        for (int i = 0; i < samples.size(); i++) {
            pacer.awaitNext();
            publisher.send(frame(cameraId, i, samples.get(i), classes));
        }
        publisher.flush();
    }
}
