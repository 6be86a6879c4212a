package dev.facemask.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facemask.job.decode.DecodeBudget;
import dev.facemask.job.decode.DecodeMemoryPool;
import dev.facemask.job.options.JobOptions;
import dev.facemask.job.options.StartingOffsets;
import dev.facemask.job.sink.KafkaSinks;
import dev.facemask.job.source.KafkaFrameSource;
import dev.facemask.job.testing.FakeModelProvider;
import dev.facemask.job.testing.JobRun;
import dev.facemask.job.testing.MiniClusterWithKafka;
import dev.facemask.job.testing.TestFrames;
import dev.facemask.schema.DeadLetter;
import dev.facemask.schema.Detection;
import dev.facemask.schema.ErrorKind;
import dev.facemask.schema.ImageEncoding;
import dev.facemask.vision.testkit.Figures;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferUShort;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.flink.api.common.JobStatus;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two ~300 KB 16-bit RGBA PNGs of 6300x6300 (a 302.8 MiB raster each, 454.2 MiB with Java2D's copy to
 * scale it), one on each partition, decoded at parallelism 2 by one TaskManager: over the default
 * per-frame budget each becomes one TOO_LARGE dead letter; within a larger per-frame budget, a JVM
 * budget that holds one frame but not two decodes them one after the other. Each frame ends as exactly
 * one result and the job stays RUNNING. The fake model keeps the test on decoding.
 */
class DecodeMemoryITCase {

    /**
     * Decoding one such frame and scaling it through Java2D's ARGB copy takes about 16 s of CPU here
     * (7 s to read, 9 s to draw), longer while other work shares the 2 cores.
     */
    private static final Duration WAIT = Duration.ofSeconds(300);
    private static final int SIDE = 6300;
    /** The decode cost of one frame: raster 8 bytes a pixel plus the 4-byte ARGB copy. */
    private static final long FRAME_COST = 12L * SIDE * SIDE;

    @RegisterExtension
    static final MiniClusterWithKafka CLUSTER = new MiniClusterWithKafka(MiniClusterWithKafka.noRestarts());

    private static List<Map.Entry<String, byte[]>> frames;

    @BeforeAll
    static void startKafkaAndDrawFrames() throws Exception {
        byte[] first = flatRgba16Png(0x4000);
        byte[] second = flatRgba16Png(0x9000);
        Figures.report("two 16-bit RGBA PNGs of %dx%d: %d and %d bytes", SIDE, SIDE, first.length,
                second.length);
        frames = List.of(TestFrames.record(TestFrames.frame(keyOnPartition(0), 1, first, ImageEncoding.PNG)),
                TestFrames.record(TestFrames.frame(keyOnPartition(1), 2, second, ImageEncoding.PNG)));
    }

    @Test
    void shouldDeadLetterBothFramesOverTheDefaultPerFrameBudgetAndKeepRunning() throws Exception {
        JobOptions options = options().build();
        try (JobRun run = start(options)) {
            List<DeadLetter> deadLetters = run.deadLetters(2, WAIT);

            assertThat(run.status()).isEqualTo(JobStatus.RUNNING);
            assertThat(run.detections(0, Duration.ZERO)).isEmpty();
            assertThat(deadLetters).extracting(DeadLetter::getSequence).containsExactlyInAnyOrder(1L, 2L);
            assertThat(deadLetters).allSatisfy(d -> {
                assertThat(d.getKind()).isEqualTo(ErrorKind.TOO_LARGE);
                assertThat(d.getStage()).isEqualTo("decode");
                assertThat(d.getMessage()).isEqualTo("PNG of 6300x6300 pixels needs 454.2 MiB (raster 302.8 MiB"
                        + " at 64 bits a pixel and the largest of its copies: ARGB copy to scale it 151.4 MiB) to"
                        + " decode, more than the per-frame decode budget of 256.0 MiB (--max-frame-decode-bytes)");
            });
        }
    }

    @Test
    void shouldDecodeTwoFramesOneAfterTheOtherWhenTheJvmBudgetHoldsOnlyOne() throws Exception {
        // 700 MiB holds one frame's 454.2 MiB, not two. A capacity no other test uses: its pool is this test's.
        long jvmBudget = 700L << 20;
        JobOptions options = options()
                .decodeBudget(new DecodeBudget(512L << 20, jvmBudget, Duration.ofSeconds(240))).build();
        try (JobRun run = start(options)) {
            long start = System.nanoTime();
            List<Detection> detections = run.detections(2, WAIT);
            long seconds = (System.nanoTime() - start) / 1_000_000_000L;
            DecodeMemoryPool pool = DecodeMemoryPool.shared(jvmBudget);

            Figures.report("two 454.2 MiB decodes at parallelism 2 on a 700 MiB JVM budget: peak leased"
                    + " %.1f MiB, %d detections in %d s, dead letters %s, job %s", pool.peakBytes() / (double) (1 << 20),
                    detections.size(), seconds, run.deadLetters(0, Duration.ZERO).stream().map(DeadLetter::getMessage)
                            .toList(), run.status());
            assertThat(run.status()).isEqualTo(JobStatus.RUNNING);
            assertThat(detections).extracting(Detection::getSequence).containsExactlyInAnyOrder(1L, 2L);
            assertThat(run.deadLetters(0, Duration.ZERO)).isEmpty();
            assertThat(pool.peakBytes()).as("one frame's cost at a time").isEqualTo(FRAME_COST);
            assertThat(pool.inUseBytes()).isZero();
        }
    }

    private static JobOptions.Builder options() throws Exception {
        String topic = CLUSTER.kafka().createTopic("frames", 2);
        return JobOptions.builder().bootstrapServers(CLUSTER.kafka().bootstrapServers()).framesTopic(topic)
                .detectionsTopic(CLUSTER.kafka().createTopic("detections", 2))
                .deadLetterTopic(CLUSTER.kafka().createTopic("dead-letters", 1))
                .groupId("group-" + topic).transactionalIdPrefix("tx-" + topic)
                .startingOffsets(StartingOffsets.EARLIEST).modelDir(Path.of("fake-model"))
                .checkpointInterval(Duration.ofMillis(300)).parallelism(2);
    }

    private static JobRun start(JobOptions options) throws Exception {
        CLUSTER.kafka().produce(options.framesTopic(), frames);
        DetectionJob job = new DetectionJob(options, new FakeModelProvider(), KafkaFrameSource.create(options),
                KafkaSinks.detections(options), KafkaSinks.deadLetters(options));
        return JobRun.start(CLUSTER.kafka(), options, job);
    }

    /** Every sample {@code level}: a flat image, which deflate shrinks about a thousandfold. */
    private static byte[] flatRgba16Png(int level) throws Exception {
        ComponentColorModel model = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), true, false,
                Transparency.TRANSLUCENT, DataBuffer.TYPE_USHORT);
        WritableRaster raster = model.createCompatibleWritableRaster(SIDE, SIDE);
        Arrays.fill(((DataBufferUShort) raster.getDataBuffer()).getData(), (short) level);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(new BufferedImage(model, raster, false, null), "png", out)).isTrue();
        return out.toByteArray();
    }

    /** A camera id that Kafka's default partitioner puts on {@code partition} of 2. */
    private static String keyOnPartition(int partition) {
        for (int i = 0; ; i++) {
            String key = "cam-big-" + i;
            if (Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % 2 == partition) {
                return key;
            }
        }
    }
}
