package dev.facemask.cli.consume;

import dev.facemask.job.options.KafkaClientOptions;
import dev.facemask.schema.Detection;
import dev.facemask.schema.Frame;
import dev.facemask.schema.codec.AvroWire;
import dev.facemask.schema.codec.MalformedRecordException;
import dev.facemask.vision.dataset.ImageFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Draws each detection on its frame, read from the frames topic, into PNG files named
 * {@code <camera>-<sequence>.png}. Frames are matched by (camera id, sequence).
 */
final class FrameRenderer implements AutoCloseable {

    private static final int MAX_CACHED_FRAMES = 2_000;
    private static final Duration FRAME_WAIT = Duration.ofSeconds(5);

    private final KafkaConsumer<String, byte[]> frames;
    private final Path outDir;
    private final AvroWire<Frame> wire = AvroWire.of(Frame.getClassSchema());
    private final Map<String, Frame> cache = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Frame> eldest) {
            return size() > MAX_CACHED_FRAMES;
        }
    };

    FrameRenderer(KafkaClientOptions kafka, String framesTopic, Path outDir) throws IOException {
        this.outDir = Files.createDirectories(outDir);
        Properties props = kafka.toProperties();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "detector-render-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        this.frames = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        frames.subscribe(List.of(framesTopic));
    }

    void render(Detection d) throws IOException {
        Frame frame = await(d.getCameraId() + "#" + d.getSequence());
        if (frame == null) {
            return;
        }
        BufferedImage drawn = draw(frame, d);
        if (drawn == null) {
            return;
        }
        ImageIO.write(drawn, "png", outDir.resolve(safe(d.getCameraId()) + "-" + d.getSequence() + ".png").toFile());
    }

    /**
     * The detection drawn on its frame, upright by the frame's EXIF orientation as the job decoded it
     * (the boxes are relative to that upright image); null when the frame is not an image.
     */
    static BufferedImage draw(Frame frame, Detection d) {
        BufferedImage image;
        try {
            image = ImageFiles.read(frame.getImage().array(), frame.getCameraId() + "#" + frame.getSequence());
        } catch (IOException e) {
            return null; // the job made a dead letter of it: nothing to draw
        }
        return DetectionOverlay.draw(image, d);
    }

    private Frame await(String key) {
        long deadline = System.nanoTime() + FRAME_WAIT.toNanos();
        while (!cache.containsKey(key) && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, byte[]> rec : frames.poll(Duration.ofMillis(200))) {
                try {
                    Frame f = wire.decode(rec.value());
                    cache.put(f.getCameraId() + "#" + f.getSequence(), f);
                } catch (MalformedRecordException e) {
                    // Not a frame: the detection for it is a dead letter, nothing to draw.
                }
            }
        }
        return cache.remove(key);
    }

    private static String safe(String s) {
        return s.replaceAll("[^A-Za-z0-9_.-]", "_");
    }

    @Override
    public void close() {
        frames.close();
    }
}
