package dev.facemask.cli.replay;

import dev.facemask.inference.Prediction;
import dev.facemask.trainer.evaluate.DenseEvaluator;
import dev.facemask.vision.dataset.LabeledImage;
import dev.facemask.vision.detect.DetectedFace;
import dev.facemask.vision.evaluate.ClassScoring;
import dev.facemask.vision.evaluate.DetectionAccumulator;
import dev.facemask.vision.evaluate.DetectionMetrics;
import dev.facemask.vision.evaluate.ImageMatch;
import dev.facemask.trainer.evaluate.MatchedImage;
import dev.facemask.runtime.embedded.EmbeddedJob;
import dev.facemask.kafka.embedded.EmbeddedKafka;
import dev.facemask.cli.kafka.FramePublisher;
import dev.facemask.inference.SharedModel;
import dev.facemask.job.options.JobOptions;
import dev.facemask.job.options.StartingOffsets;
import dev.facemask.schema.Detection;
import dev.facemask.trainer.evaluate.EvaluationMetrics;
import dev.facemask.trainer.evaluate.Evaluator;
import dev.facemask.trainer.evaluate.LabeledSample;
import dev.facemask.trainer.evaluate.MetricsCalculator;
import dev.facemask.trainer.evaluate.PredictionGrid;
import dev.facemask.trainer.evaluate.SampleOutcome;
import dev.facemask.trainer.pipeline.DatasetSplits;
import dev.facemask.vision.geometry.Box;
import dev.facemask.vision.model.ModelMetadata;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Streams a labelled split through the detection job and measures it: publish frames with their
 * ground truth, collect every detection and dead letter, compute the evaluation metrics, latency
 * and throughput, and compare with an offline evaluation of the same images.
 */
public final class ReplayRunner {

    /** Streamed and offline boxes may differ by float rounding in different batch compositions. */
    static final double TOLERANCE = 1e-4;

    private final ReplayOptions options;
    private final Consumer<String> log;
    private final Consumer<Detection> live;
    private Consumer<Properties> onEmbeddedBroker = props -> { };

    public ReplayRunner(ReplayOptions options, Consumer<String> log, Consumer<Detection> live) {
        this.options = options;
        this.log = log;
        this.live = live;
    }

    /**
     * Called with the embedded broker's client properties once its topics exist, before any frame is
     * sent: the demo starts its live view there.
     */
    public ReplayRunner onEmbeddedBroker(Consumer<Properties> listener) {
        this.onEmbeddedBroker = java.util.Objects.requireNonNull(listener, "listener");
        return this;
    }

    public ReplayReport run() throws Exception {
        List<LabeledSample> samples = samples();
        if (!options.embedded()) {
            return replay(samples, options.kafka());
        }
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopics(2, options.framesTopic(), options.detectionsTopic(), options.deadLetterTopic());
            log.accept("Embedded Kafka broker at " + kafka.bootstrapServers());
            Properties brokerProps = new Properties();
            brokerProps.put("bootstrap.servers", kafka.bootstrapServers());
            onEmbeddedBroker.accept(brokerProps);
            try (EmbeddedJob job = EmbeddedJob.start(jobOptions(kafka.bootstrapServers()))) {
                job.awaitRunning(Duration.ofMinutes(2));
                log.accept("Detection job running on a local Flink mini-cluster");
                Properties props = new Properties();
                props.put("bootstrap.servers", kafka.bootstrapServers());
                ReplayReport report = replay(samples, props);
                job.checkAlive();
                return report;
            }
        }
    }

    /**
     * The split's images as frames to send. A dense model is replayed on every image of the
     * all-faces split; the frame's ground-truth header then names its first face only, and the
     * every-face scoring reads the labels from the dataset.
     */
    private List<LabeledSample> samples() throws Exception {
        if (!ModelMetadata.read(options.model()).dense()) {
            return DatasetSplits.open(options.data(), options.splitSeed()).samples(options.split());
        }
        return everyFaceImages().stream().map(i -> new LabeledSample(i.image(), i.annotations().get(0).classId(),
                i.annotations().get(0).box())).toList();
    }

    private List<LabeledImage> everyFaceImages() throws Exception {
        return DatasetSplits.openAllFaces(options.data(), options.splitSeed()).images(options.split());
    }

    private JobOptions jobOptions(String bootstrap) {
        return JobOptions.builder().bootstrapServers(bootstrap).modelDir(options.model())
                .framesTopic(options.framesTopic()).detectionsTopic(options.detectionsTopic())
                .deadLetterTopic(options.deadLetterTopic()).startingOffsets(StartingOffsets.EARLIEST)
                .batchSize(options.batchSize()).asyncCapacity(Math.max(32, options.batchSize() * 4))
                .gradCam(options.gradCam())
                // Detections become visible to read_committed readers at each checkpoint.
                .checkpointInterval(Duration.ofMillis(500)).parallelism(1).build();
    }

    private ReplayReport replay(List<LabeledSample> samples, Properties kafka) throws Exception {
        String camera = "replay-" + UUID.randomUUID().toString().substring(0, 8);
        ModelMetadata metadata = ModelMetadata.read(options.model());
        warmUp(samples.get(0), kafka, metadata, camera + "-warmup");
        log.accept("Replaying " + samples.size() + " " + options.split().name().toLowerCase() + " images as camera " + camera);
        // Publish from a second thread so detections print while frames are still going out.
        ExecutorService sender = Executors.newSingleThreadExecutor();
        try (FramePublisher publisher = new FramePublisher(kafka, options.framesTopic())) {
            Future<?> sent = sender.submit(() -> {
                ReplayFrames.publish(publisher, camera, samples, metadata.classes(), options.fps());
                return null;
            });
            StreamedResults results = StreamedResults.collect(kafka, options.detectionsTopic(), options.deadLetterTopic(),
                    camera, samples.size(), options.quiet(), live);
            sent.get();
            return report(samples, metadata, results);
        } finally {
            sender.shutdownNow();
        }
    }

    /**
     * Sends one frame and waits for its result, so the measured replay starts on a warm pipeline:
     * the job's first frame pays for TensorFlow's start-up and the first transaction.
     */
    private void warmUp(LabeledSample sample, Properties kafka, ModelMetadata metadata, String camera) throws Exception {
        long start = System.nanoTime();
        try (FramePublisher publisher = new FramePublisher(kafka, options.framesTopic())) {
            ReplayFrames.publish(publisher, camera, List.of(sample), metadata.classes(), 0);
        }
        StreamedResults warm = StreamedResults.collect(kafka, options.detectionsTopic(), options.deadLetterTopic(), camera, 1,
                options.quiet(), d -> { });
        if (warm.accounted() != 1) {
            throw new IllegalStateException("The job gave no result for a warm-up frame within " + options.quiet().toSeconds()
                    + " s: is it running and reading topic '" + options.framesTopic() + "'?");
        }
        log.accept(String.format(java.util.Locale.ROOT, "Pipeline warm: first frame answered in %.1f s", (System.nanoTime() - start) / 1e9));
    }

    private ReplayReport report(List<LabeledSample> samples, ModelMetadata metadata, StreamedResults r) throws Exception {
        List<SampleOutcome> streamed = new ArrayList<>();
        double[] latencies = new double[r.detections.size()];
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        int i = 0;
        for (Map.Entry<Long, Detection> e : r.detections.entrySet()) {
            Detection d = e.getValue();
            LabeledSample s = samples.get(e.getKey().intValue());
            var b = d.getBox();
            streamed.add(new SampleOutcome(s.image(), s.classId(), s.box(), d.getClassId(), d.getScore(),
                    new Box(b.getXMin(), b.getYMin(), b.getXMax(), b.getYMax())));
            latencies[i++] = d.getProcessingTime().toEpochMilli() - d.getCaptureTime().toEpochMilli();
            first = Math.min(first, d.getCaptureTime().toEpochMilli());
            last = Math.max(last, d.getProcessingTime().toEpochMilli());
        }
        if (streamed.isEmpty()) {
            throw new IllegalStateException("No detection came back for " + samples.size() + " frames ("
                    + r.deadLetters.size() + " dead letters): is the job running on " + options.framesTopic() + "?");
        }
        EvaluationMetrics streaming = MetricsCalculator.compute(streamed, metadata.classes());
        Comparison offline = compareOffline(samples, streamed, metadata);
        Map<String, Integer> letters = new TreeMap<>();
        r.deadLetters.values().forEach(l -> letters.merge(l.getKind().name(), 1, Integer::sum));
        LatencyStats latency = LatencyStats.of(latencies);
        double seconds = Math.max(1e-3, (last - first) / 1000.0);
        EveryFaceComparison everyFace = metadata.dense() ? compareEveryFace(r, metadata) : null;
        ReplayReport report = new ReplayReport(samples.size(), r.detections.size(), letters,
                samples.size() - r.accounted(), r.duplicates, streaming, offline.metrics, offline.equal,
                offline.maxBoxDifference, TOLERANCE, latency, r.detections.size() / seconds, everyFace);
        report.write(options.reportDir());
        LatencyChart.write(latencies, latency, options.reportDir().resolve(ReplayReport.LATENCY_FILE));
        if (!metadata.dense()) {
            new PredictionGrid(metadata.classes(), 4, 192).write(streamed.subList(0, Math.min(16, streamed.size())),
                    options.reportDir().resolve(ReplayReport.GRID_FILE));
        }
        return report;
    }

    private record Comparison(EvaluationMetrics metrics, boolean equal, double maxBoxDifference) {}

    private Comparison compareOffline(List<LabeledSample> samples, List<SampleOutcome> streamed, ModelMetadata metadata) {
        try (SharedModel.Lease lease = SharedModel.acquire(options.model())) {
            Evaluator.Run run = new Evaluator(lease.predictor(), metadata.preprocessor(), 16).run(samples);
            Map<Path, SampleOutcome> byImage = new HashMap<>();
            run.outcomes().forEach(o -> byImage.put(o.image(), o));
            boolean equal = run.outcomes().size() == streamed.size();
            double maxDiff = 0;
            for (SampleOutcome s : streamed) {
                SampleOutcome o = byImage.get(s.image());
                if (o == null || o.predictedClass() != s.predictedClass()) {
                    equal = false;
                    continue;
                }
                maxDiff = Math.max(maxDiff, maxDifference(o.predictedBox(), s.predictedBox()));
            }
            return new Comparison(MetricsCalculator.compute(run.outcomes(), metadata.classes()),
                    equal && maxDiff <= TOLERANCE, maxDiff);
        }
    }

    /** Scores the streamed faces of every image and the offline evaluation's, with the same accumulator rules. */
    private EveryFaceComparison compareEveryFace(StreamedResults r, ModelMetadata metadata) throws Exception {
        List<LabeledImage> images = everyFaceImages();
        int classes = metadata.classes().size();
        DetectionAccumulator stream = DetectionAccumulator.builder().classCount(classes)
                .classScoring(ClassScoring.DEFAULT).build();
        List<Integer> streamCounts = new ArrayList<>();
        List<MatchedImage> shown = new ArrayList<>();
        int streamFaces = 0;
        for (Map.Entry<Long, Detection> e : r.detections.entrySet()) {
            List<DetectedFace> faces = StreamedFaces.of(e.getValue(), metadata.classes());
            LabeledImage image = images.get(e.getKey().intValue());
            ImageMatch match = stream.add(image.annotations(), faces);
            if (shown.size() < 16) {
                shown.add(new MatchedImage(image.image(), match));
            }
            streamCounts.add(faces.size());
            streamFaces += faces.size();
        }
        DenseEvaluator.Result offline;
        try (SharedModel.Lease lease = SharedModel.acquire(options.model())) {
            offline = new DenseEvaluator(metadata.preprocessor(),
                    batch -> lease.predictor().predict(batch, false).stream().map(Prediction::faces).toList(), classes, 16,
                    ClassScoring.DEFAULT).run(images);
        }
        // Every streamed face on its frame, right or wrong: what the single-face grid cannot show.
        java.nio.file.Files.createDirectories(options.reportDir());
        new PredictionGrid(metadata.classes(), 4, 192).writeFaces(shown, options.reportDir().resolve(ReplayReport.GRID_FILE));
        List<Integer> offlineCounts = offline.faces().stream().map(List::size).toList();
        DetectionMetrics s = stream.result();
        DetectionMetrics o = offline.metrics();
        boolean equal = streamCounts.equals(offlineCounts) && Math.abs(s.map50() - o.map50()) <= 1e-6
                && Math.abs(s.map50to95() - o.map50to95()) <= 1e-6;
        return new EveryFaceComparison(s.map50(), o.map50(), s.map50to95(), o.map50to95(), streamFaces,
                offlineCounts.stream().mapToInt(Integer::intValue).sum(), equal);
    }

    private static double maxDifference(Box a, Box b) {
        return Math.max(Math.max(Math.abs(a.xMin() - b.xMin()), Math.abs(a.yMin() - b.yMin())),
                Math.max(Math.abs(a.xMax() - b.xMax()), Math.abs(a.yMax() - b.yMax())));
    }
}
