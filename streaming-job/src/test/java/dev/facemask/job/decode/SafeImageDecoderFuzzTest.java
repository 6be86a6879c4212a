package dev.facemask.job.decode;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.ThreadMXBean;
import dev.facemask.job.testing.TestImages;
import dev.facemask.schema.ErrorKind;
import dev.facemask.vision.model.ModelMetadata;
import dev.facemask.vision.testkit.Figures;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * 10,000 deterministic mutations of valid JPEG and PNG frames through the job's own decode path
 * ({@link ImageDecodeStage}: {@link SafeImageDecoder} with the default limits, then the model's
 * preprocessor), each under a per-frame timeout. Every frame must end decoded or rejected with a
 * dead-letter kind: no other exception, no hang, no allocation beyond what the pixel limit allows.
 * Prints frames per second and the rejections by kind.
 */
class SafeImageDecoderFuzzTest {

    private static final long SEED = 20_240_601L;
    private static final long TIMEOUT_MILLIS = 2_000;
    /** Frames per mutation: 10,000 in all, weighted towards the mutations that reach the decoders. */
    private static final Map<FrameMutation, Integer> FRAMES = frames();

    /** An outcome of one frame: the rejection kind, or null when it decoded. */
    private record Outcome(FrameMutation mutation, ErrorKind kind, long nanos, long allocatedBytes) {}

    @Test
    void shouldDecodeOrRejectEveryMutatedFrameWithinTheTimeout() throws Exception {
        List<byte[]> valid = validFrames();
        List<FrameMutation> plan = plan(new Random(SEED));
        ImageDecodeStage stage = new ImageDecodeStage(ImageLimits.DEFAULT, tinyModel().preprocessor());
        warmUp(stage, valid);
        Random random = new Random(SEED + 1);
        List<Outcome> outcomes = new ArrayList<>(plan.size());
        List<String> escaped = new ArrayList<>();
        List<String> timedOut = new ArrayList<>();
        ExecutorService worker = newWorker();
        long start = System.nanoTime();
        try {
            for (int i = 0; i < plan.size(); i++) {
                FrameMutation mutation = plan.get(i);
                byte[] frame = mutation.apply(valid.get(i % valid.size()), random);
                String name = "frame " + i + " (" + mutation + " of valid frame " + i % valid.size() + ", "
                        + frame.length + " bytes)";
                Future<Outcome> result = worker.submit(() -> decode(stage, mutation, frame));
                try {
                    outcomes.add(result.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS));
                } catch (ExecutionException e) {
                    escaped.add(name + ": " + e.getCause());
                } catch (TimeoutException e) {
                    timedOut.add(name);
                    result.cancel(true);
                    worker.shutdownNow(); // its thread may be stuck for good; carry on with a fresh one
                    worker = newWorker();
                }
            }
        } finally {
            worker.shutdownNow();
        }
        double seconds = (System.nanoTime() - start) / 1e9;

        Map<ErrorKind, Long> rejected = new EnumMap<>(ErrorKind.class);
        outcomes.stream().filter(o -> o.kind() != null).forEach(o -> rejected.merge(o.kind(), 1L, Long::sum));
        long decoded = outcomes.stream().filter(o -> o.kind() == null).count();
        long slowestMillis = outcomes.stream().mapToLong(Outcome::nanos).max().orElse(0) / 1_000_000;
        long mostAllocated = outcomes.stream().mapToLong(Outcome::allocatedBytes).max().orElse(0);
        Figures.report("fuzzed frames %d in %.1f s = %.0f frames/s; decoded %d, rejected %d %s; "
                        + "slowest frame %d ms; most heap allocated by one frame %.1f MB; escaped %d; "
                        + "over the %d ms timeout %d", plan.size(), seconds, plan.size() / seconds, decoded,
                rejected.values().stream().mapToLong(Long::longValue).sum(), rejected, slowestMillis,
                mostAllocated / 1e6, escaped.size(), TIMEOUT_MILLIS, timedOut.size());
        Map<FrameMutation, Map<String, Long>> table = byMutation(outcomes);
        System.out.println("Fuzz outcomes by mutation: " + table);

        assertThat(escaped).as("exceptions other than ImageRejectedException").isEmpty();
        assertThat(timedOut).as("frames over the timeout").isEmpty();
        assertThat(decoded + rejected.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(plan.size());
        assertThat(plan).hasSize(10_000);
        // Where the outcome follows from the mutation alone, it is exact.
        assertThat(table.get(FrameMutation.UNTOUCHED)).isEqualTo(Map.of("DECODED", 200L));
        assertThat(table.get(FrameMutation.EMPTY)).isEqualTo(Map.of("EMPTY_IMAGE", 100L));
        assertThat(table.get(FrameMutation.WRONG_MAGIC)).isEqualTo(Map.of("UNKNOWN_FORMAT", 300L));
        assertThat(table.get(FrameMutation.ZERO_BYTES)).isEqualTo(Map.of("UNKNOWN_FORMAT", 200L));
        assertThat(table.get(FrameMutation.RANDOM_BYTES)).isEqualTo(Map.of("UNKNOWN_FORMAT", 200L));
        assertThat(table.get(FrameMutation.SWAPPED_MAGIC)).isEqualTo(Map.of("CORRUPT_IMAGE", 300L));
        assertThat(table.get(FrameMutation.HUGE_DIMENSIONS)).isEqualTo(Map.of("TOO_LARGE", 500L));
        assertThat(table.get(FrameMutation.INFLATED_DIMENSIONS)).isEqualTo(Map.of("CORRUPT_IMAGE", 300L));
        // A header's pixel count is checked before pixels are allocated: no frame may cost more than
        // the largest raster the limit allows (8 bytes a pixel for 16-bit RGBA) plus decoder buffers.
        assertThat(mostAllocated).isLessThan(8 * ImageLimits.DEFAULT.maxPixels() + (64L << 20));
    }

    /**
     * Loads ImageIO's readers and their error paths and warms the JIT, so the first frames are not
     * timed against a cold JVM (the first rejected JPEG alone takes about a second here).
     */
    private static void warmUp(ImageDecodeStage stage, List<byte[]> valid) throws InterruptedException {
        Random random = new Random(SEED - 1);
        for (int round = 0; round < 10; round++) {
            for (byte[] frame : valid) {
                for (FrameMutation mutation : FrameMutation.values()) {
                    try {
                        stage.prepare(mutation.apply(frame, random));
                    } catch (ImageRejectedException e) {
                        // expected for most
                    }
                }
            }
        }
    }

    /** Decodes one frame on the worker thread, measuring its time and the heap it allocated. */
    private static Outcome decode(ImageDecodeStage stage, FrameMutation mutation, byte[] frame)
            throws InterruptedException {
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long allocated = threads.getCurrentThreadAllocatedBytes();
        long start = System.nanoTime();
        try {
            stage.prepare(frame);
            return new Outcome(mutation, null, System.nanoTime() - start,
                    threads.getCurrentThreadAllocatedBytes() - allocated);
        } catch (ImageRejectedException e) {
            return new Outcome(mutation, e.kind(), System.nanoTime() - start,
                    threads.getCurrentThreadAllocatedBytes() - allocated);
        }
    }

    /** For each mutation, how many frames ended as each kind ("DECODED" when none). */
    private static Map<FrameMutation, Map<String, Long>> byMutation(List<Outcome> outcomes) {
        Map<FrameMutation, Map<String, Long>> table = new EnumMap<>(FrameMutation.class);
        for (Outcome o : outcomes) {
            table.computeIfAbsent(o.mutation(), m -> new TreeMap<>())
                    .merge(o.kind() == null ? "DECODED" : o.kind().name(), 1L, Long::sum);
        }
        return table;
    }

    private static List<FrameMutation> plan(Random random) {
        List<FrameMutation> plan = new ArrayList<>();
        FRAMES.forEach((mutation, n) -> plan.addAll(Collections.nCopies(n, mutation)));
        Collections.shuffle(plan, random);
        return plan;
    }

    private static Map<FrameMutation, Integer> frames() {
        Map<FrameMutation, Integer> n = new EnumMap<>(FrameMutation.class);
        n.put(FrameMutation.UNTOUCHED, 200);
        n.put(FrameMutation.BIT_FLIPS, 3_800);
        n.put(FrameMutation.TRUNCATED, 1_500);
        n.put(FrameMutation.RANDOM_RUN, 1_000);
        n.put(FrameMutation.ZEROED_RUN, 600);
        n.put(FrameMutation.WRONG_MAGIC, 300);
        n.put(FrameMutation.SWAPPED_MAGIC, 300);
        n.put(FrameMutation.HUGE_DIMENSIONS, 500);
        n.put(FrameMutation.INFLATED_DIMENSIONS, 300);
        n.put(FrameMutation.WRONG_LENGTH, 1_000);
        n.put(FrameMutation.ZERO_BYTES, 200);
        n.put(FrameMutation.RANDOM_BYTES, 200);
        n.put(FrameMutation.EMPTY, 100);
        return n;
    }

    /** JPEG and PNG as ImageIO writes them: RGB and grey JPEGs; RGB, grey, alpha and palette PNGs. */
    private static List<byte[]> validFrames() throws IOException {
        BufferedImage picture = TestImages.picture(64, 48, 200);
        return List.of(
                encode(picture, "jpeg"),
                encode(as(TestImages.picture(40, 40, 150), BufferedImage.TYPE_BYTE_GRAY), "jpeg"),
                encode(TestImages.picture(48, 64, 220), "png"),
                encode(as(picture, BufferedImage.TYPE_BYTE_GRAY), "png"),
                encode(as(picture, BufferedImage.TYPE_INT_ARGB), "png"),
                encode(as(picture, BufferedImage.TYPE_BYTE_INDEXED), "png"));
    }

    private static BufferedImage as(BufferedImage source, int type) {
        BufferedImage out = new BufferedImage(source.getWidth(), source.getHeight(), type);
        Graphics2D g = out.createGraphics();
        g.drawImage(source, 0, 0, null);
        g.dispose();
        return out;
    }

    private static byte[] encode(BufferedImage image, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(image, format, out)).as("an ImageIO writer for " + format).isTrue();
        return out.toByteArray();
    }

    /** A model of the test suite's shape: 64x64 RGB input. */
    private static ModelMetadata tinyModel() {
        return new ModelMetadata("fuzz", "0.0.0", "tiny", List.of("mask", "no-mask"), 64, 3,
                ModelMetadata.PREPROCESSING, ModelMetadata.BOX_FORMAT, 4, null, "", "", "test");
    }

    private static ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(task -> {
            Thread t = new Thread(task, "fuzz-decoder");
            t.setDaemon(true);
            return t;
        });
    }
}
