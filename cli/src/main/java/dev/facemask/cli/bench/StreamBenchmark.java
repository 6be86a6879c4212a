package dev.facemask.cli.bench;

import dev.facemask.runtime.embedded.EmbeddedJob;
import dev.facemask.kafka.embedded.EmbeddedKafka;
import dev.facemask.cli.kafka.FramePublisher;
import dev.facemask.cli.produce.Pacer;
import dev.facemask.cli.replay.LatencyStats;
import dev.facemask.cli.consume.DetectionReader;
import dev.facemask.inference.Precision;
import dev.facemask.inference.PredictorBenchmark;
import dev.facemask.inference.SharedModel;
import dev.facemask.job.options.JobOptions;
import dev.facemask.job.options.StartingOffsets;
import dev.facemask.schema.Detection;
import dev.facemask.schema.Frame;
import dev.facemask.schema.ImageEncoding;
import dev.facemask.schema.codec.AvroWire;
import dev.facemask.vision.dataset.ImageFiles;
import dev.facemask.vision.preprocess.PreparedImage;
import dev.facemask.vision.preprocess.Preprocessor;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * One run, three figures: the raw model's images/s at the batch size (same predictor code as the
 * job), the whole job's frames/s through Kafka and Flink with a backlog, and end-to-end latency at
 * a steady rate below that throughput.
 */
final class StreamBenchmark {

    record Result(int batch, int concurrentBatches, double rawImagesPerSecond, double pipelineFramesPerSecond, double steadyRate,
            LatencyStats latency) {
        double ratio() {
            return pipelineFramesPerSecond / rawImagesPerSecond;
        }
    }

    private final Path model;
    private final Precision precision;
    private final int frames;
    private final int batch;
    private final int concurrentBatches;
    private final int warmUpFrames;
    private final FrameSize frameSize;
    private final double steadyFraction;
    private final Consumer<String> log;

    /**
     * @param concurrentBatches batches the job runs on the model at once; the raw model is timed with as many callers
     * @param warmUpFrames frames the job runs before its throughput is timed, on top of {@code frames}
     */
    StreamBenchmark(Path model, Precision precision, int frames, int batch, int concurrentBatches, int warmUpFrames,
            FrameSize frameSize, double steadyFraction, Consumer<String> log) {
        this.concurrentBatches = concurrentBatches;
        this.warmUpFrames = warmUpFrames;
        this.model = model;
        this.precision = precision;
        this.frames = frames;
        this.batch = batch;
        this.frameSize = frameSize;
        this.steadyFraction = steadyFraction;
        this.log = log;
    }

    Result run() throws Exception {
        List<byte[]> jpegs = BenchFrames.jpegs(Math.min(frames, 64), frameSize);
        log.accept(String.format("frames: %d distinct %s JPEGs, %.0f KB each on average", jpegs.size(), frameSize,
                jpegs.stream().mapToInt(b -> b.length).average().orElse(0) / 1024));
        double raw = rawThroughput(jpegs);
        log.accept(String.format("raw model: %.1f images/s at batch %d in %s%s", raw, batch, precision,
                concurrentBatches == 1 ? "" : ", " + concurrentBatches + " batches at once"));
        try (EmbeddedKafka kafka = QuietConsole.startKafka(); SharedModel.Lease hold = SharedModel.acquire(model, precision)) {
            // Holding a lease keeps the model loaded between the job's runs in this JVM.
            BacklogRun backlog = backlogThroughput(kafka, jpegs);
            double pipeline = backlog.framesPerSecond();
            // With several batches at once each takes longer alone too, and the model is busy up to that many times over.
            if (warmUpFrames > 0) {
                log.accept(String.format("warm-up: the job ran %d frames before the clock started", warmUpFrames));
            }
            log.accept(String.format(Locale.ROOT, "pipeline: %.1f frames/s through Kafka and Flink; batches of %.1f frames "
                    + "at %.0f ms each (%.0f ms alone); the model busy %.0f%% of the time", pipeline, backlog.meanBatch(),
                    backlog.modelMillisPerBatch(), 1000.0 * batch * concurrentBatches / raw,
                    100 * backlog.modelBusyShare() / concurrentBatches));
            double rate = Math.max(1, steadyFraction * pipeline);
            LatencyStats latency = steadyLatency(kafka, jpegs, rate);
            log.accept(String.format("latency at %.0f frames/s: p50 %.0f ms, p95 %.0f ms, p99 %.0f ms", rate,
                    latency.p50(), latency.p95(), latency.p99()));
            return new Result(batch, concurrentBatches, raw, pipeline, rate, latency);
        }
    }

    private double rawThroughput(List<byte[]> jpegs) throws Exception {
        try (SharedModel.Lease lease = SharedModel.acquire(model, precision)) {
            Preprocessor pre = lease.metadata().preprocessor();
            List<PreparedImage> images = new ArrayList<>();
            for (int i = 0; i < batch; i++) {
                images.add(pre.prepare(ImageFiles.readForModel(jpegs.get(i % jpegs.size()), "bench frame " + i, pre.inputSize())));
            }
            int iterations = Math.max(3, frames / batch);
            return PredictorBenchmark.imagesPerSecond(lease.predictor(), images, iterations, concurrentBatches);
        }
    }

    /**
     * All frames are in the topic before the job starts; throughput is timed from the end of the batch
     * that ends the warm-up, or of the first batch (see {@link BacklogRun}).
     */
    private BacklogRun backlogThroughput(EmbeddedKafka kafka, List<byte[]> jpegs) throws Exception {
        String suffix = "-" + System.nanoTime();
        JobOptions options = options(kafka, suffix);
        publish(kafka, options.framesTopic(), jpegs, "backlog", warmUpFrames + frames, 0);
        try (EmbeddedJob job = EmbeddedJob.start(options)) {
            List<Detection> got = collect(kafka, options, warmUpFrames + frames);
            job.checkAlive();
            return BacklogRun.of(got.stream()
                    .map(d -> new BacklogRun.Done(d.getProcessingTime().toEpochMilli(), d.getBatchSize(), d.getInferenceMillis()))
                    .toList(), warmUpFrames);
        }
    }

    private LatencyStats steadyLatency(EmbeddedKafka kafka, List<byte[]> jpegs, double rate) throws Exception {
        String suffix = "-" + System.nanoTime();
        JobOptions options = options(kafka, suffix);
        try (EmbeddedJob job = EmbeddedJob.start(options)) {
            job.awaitRunning(Duration.ofMinutes(2));
            publish(kafka, options.framesTopic(), jpegs, "warmup", batch, 0);
            collect(kafka, options, batch);
            publish(kafka, options.framesTopic(), jpegs, "steady", frames, rate);
            List<Detection> got = collect(kafka, options, batch + frames);
            double[] ms = got.stream().filter(d -> d.getCameraId().equals("steady"))
                    .mapToDouble(d -> d.getProcessingTime().toEpochMilli() - d.getCaptureTime().toEpochMilli()).toArray();
            return LatencyStats.of(ms);
        }
    }

    private JobOptions options(EmbeddedKafka kafka, String suffix) throws Exception {
        JobOptions o = JobOptions.builder().bootstrapServers(kafka.bootstrapServers()).modelDir(model).precision(precision)
                .framesTopic(JobOptions.DEFAULT_FRAMES_TOPIC + suffix)
                .detectionsTopic(JobOptions.DEFAULT_DETECTIONS_TOPIC + suffix)
                .deadLetterTopic(JobOptions.DEFAULT_DEAD_LETTER_TOPIC + suffix)
                .groupId("bench" + suffix).transactionalIdPrefix("bench" + suffix)
                .startingOffsets(StartingOffsets.EARLIEST).batchSize(batch).concurrentBatches(concurrentBatches)
                .asyncCapacity(batch * (concurrentBatches + 3)).batchesInFlight(concurrentBatches + 3)
                .checkpointInterval(Duration.ofSeconds(1)).parallelism(1).build();
        kafka.createTopics(1, o.framesTopic(), o.detectionsTopic(), o.deadLetterTopic());
        return o;
    }

    private static void publish(EmbeddedKafka kafka, String topic, List<byte[]> jpegs, String camera, int count, double fps)
            throws InterruptedException {
        Properties props = new Properties();
        props.put("bootstrap.servers", kafka.bootstrapServers());
        Pacer pacer = new Pacer(fps);
        try (FramePublisher p = new FramePublisher(props, topic)) {
            for (int i = 0; i < count; i++) {
                pacer.awaitNext();
                p.send(Frame.newBuilder().setCameraId(camera).setSequence(i).setCaptureTime(Instant.now())
                        .setImage(ByteBuffer.wrap(jpegs.get(i % jpegs.size()))).setEncoding(ImageEncoding.JPEG).build());
            }
        }
    }

    private static List<Detection> collect(EmbeddedKafka kafka, JobOptions options, int expected) {
        Properties props = new Properties();
        props.put("bootstrap.servers", kafka.bootstrapServers());
        AvroWire<Detection> wire = AvroWire.of(Detection.getClassSchema());
        List<Detection> out = new ArrayList<>();
        try (DetectionReader reader = new DetectionReader(props, List.of(options.detectionsTopic()), null)) {
            // Bounded, and generous: a loaded machine may run the seed model at one frame a second.
            for (ConsumerRecord<String, byte[]> rec : reader.until(Duration.ofSeconds(120 + 2L * expected))) {
                out.add(wire.decode(rec.value()));
                if (out.size() >= expected) {
                    break;
                }
            }
        }
        if (out.size() < expected) {
            throw new IllegalStateException("Only " + out.size() + " of " + expected + " detections arrived");
        }
        return out;
    }
}
