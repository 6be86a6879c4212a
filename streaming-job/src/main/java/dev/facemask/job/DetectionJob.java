package dev.facemask.job;

import dev.facemask.job.deadletter.CountDeadLetters;
import dev.facemask.job.deadletter.DeadLetterCap;
import dev.facemask.job.deadletter.DeadLetters;
import dev.facemask.job.decode.ImagePreparer;
import dev.facemask.job.decode.PixelRestorer;
import dev.facemask.job.decode.PreparedFrame;
import dev.facemask.job.inference.AsyncDetector;
import dev.facemask.job.inference.InferenceResult;
import dev.facemask.job.inference.InferenceResultRouter;
import dev.facemask.job.inference.PredictorProvider;
import dev.facemask.job.inference.SharedModelProvider;
import dev.facemask.job.options.JobOptions;
import dev.facemask.job.sink.KafkaSinks;
import dev.facemask.job.sink.TransactionTimeoutCheck;
import dev.facemask.job.source.FrameParser;
import dev.facemask.job.source.FrameWatermarks;
import dev.facemask.job.source.KafkaFrameSource;
import dev.facemask.job.source.RawFrame;
import dev.facemask.schema.DeadLetter;
import dev.facemask.schema.Detection;
import dev.facemask.schema.Frame;
import dev.facemask.vision.model.ModelMetadata;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The face-mask detection job:
 *
 * <pre>
 * frames (raw bytes) -> parse Avro Frame -> watermarks -> decode + preprocess -> async batched model
 *   -> route -> detections sink
 * dead letters from parse, decode and inference -> cap their size -> count by kind -> dead-letter sink
 * </pre>
 *
 * <p>The job receives its source, sinks and model; {@link #fromOptions} plugs in the real Kafka
 * endpoints and the model folder, and tests plug in their own. Every frame read ends as exactly
 * one detection or one dead letter.
 *
 * <p>Run with {@code flink run facemask-job.jar --bootstrap-servers ... --model DIR} (see
 * {@code --help}); the TensorFlow, DJL, {@code inference} and {@code vision} jars belong in Flink's
 * {@code lib/}, because TensorFlow's natives load once per JVM.
 */
public final class DetectionJob {

    /** The default job name; {@link JobOptions#jobName()} names a running job. */
    private static final Logger LOG = LoggerFactory.getLogger(DetectionJob.class);

    public static final String JOB_NAME = JobOptions.DEFAULT_JOB_NAME;

    private final JobOptions options;
    private final PredictorProvider model;
    private final Source<RawFrame, ?, ?> frames;
    private final Sink<Detection> detections;
    private final Sink<DeadLetter> deadLetters;
    private MapFunction<Frame, Frame> frameTap;

    public DetectionJob(JobOptions options, PredictorProvider model, Source<RawFrame, ?, ?> frames,
            Sink<Detection> detections, Sink<DeadLetter> deadLetters) {
        this.options = Objects.requireNonNull(options, "options");
        this.model = Objects.requireNonNull(model, "model");
        this.frames = Objects.requireNonNull(frames, "frames");
        this.detections = Objects.requireNonNull(detections, "detections");
        this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
    }

    /**
     * The job on Kafka with the model folder named in the options, which must lie under the
     * options' model root when one is set (checked in {@link #build}, and again where the model loads).
     */
    public static DetectionJob fromOptions(JobOptions options) {
        return new DetectionJob(options, new SharedModelProvider(options.modelDir(), options.modelRoot(),
                options.precision()),
                KafkaFrameSource.create(options),
                KafkaSinks.detections(options), KafkaSinks.deadLetters(options));
    }

    /**
     * Runs {@code tap} on every parsed frame before its image is decoded. For tests (fault
     * injection) and debugging; production jobs have none.
     */
    public DetectionJob withFrameTap(MapFunction<Frame, Frame> tap) {
        this.frameTap = Objects.requireNonNull(tap, "tap");
        return this;
    }

    /**
     * Wires the pipeline into {@code env}. Reads the model's {@code model.json} first, so a missing
     * or broken model fails here, before anything is submitted.
     */
    public void build(StreamExecutionEnvironment env) {
        ModelMetadata metadata = model.metadata();
        configure(env);
        DataStream<RawFrame> raw = env.fromSource(frames, WatermarkStrategy.noWatermarks(), "frames").uid("frames-source");
        SingleOutputStreamOperator<Frame> parsed =
                raw.process(FrameParser.fromOptions(options)).name("parse-frames").uid("parse-frames");
        DataStream<Frame> timed = parsed.assignTimestampsAndWatermarks(
                FrameWatermarks.strategy(options.outOfOrderness(), options.idleness())).name("frame-watermarks");
        if (frameTap != null) {
            timed = timed.map(frameTap).name("frame-tap").uid("frame-tap");
        }
        SingleOutputStreamOperator<PreparedFrame> prepared = timed
                .process(new ImagePreparer(options.imageLimits(), options.decodeBudget(), model))
                .name("decode-images").uid("decode-images");
        SingleOutputStreamOperator<InferenceResult> results = AsyncDataStream.unorderedWait(prepared,
                        new AsyncDetector(model, options.gradCam(), options.batchSize(), options.maxBatchWait(),
                                options.asyncCapacity(), options.concurrentBatches(),
                                new PixelRestorer(options.imageLimits(), options.decodeBudget(), model)),
                        options.asyncTimeout().toMillis(), TimeUnit.MILLISECONDS, options.asyncCapacity())
                .name("infer " + metadata.name()).uid("infer");
        SingleOutputStreamOperator<Detection> routed =
                results.process(new InferenceResultRouter(metadata.classes())).name("route-results").uid("route-results");
        routed.sinkTo(detections).name("detections-sink").uid("detections-sink");
        parsed.getSideOutput(DeadLetters.TAG)
                .union(prepared.getSideOutput(DeadLetters.TAG), routed.getSideOutput(DeadLetters.TAG))
                .map(new DeadLetterCap(options.recordLimits())).name("cap-dead-letters").uid("cap-dead-letters")
                .map(new CountDeadLetters()).name("count-dead-letters").uid("count-dead-letters")
                .sinkTo(deadLetters).name("dead-letters-sink").uid("dead-letters-sink");
    }

    /** Builds the pipeline and runs it until it ends (Kafka sources do not end by themselves). */
    public JobExecutionResult execute(StreamExecutionEnvironment env) throws Exception {
        build(env);
        return env.execute(options.jobName());
    }

    private void configure(StreamExecutionEnvironment env) {
        env.setParallelism(options.parallelism());
        if (!options.checkpointInterval().isZero()) {
            CheckpointingMode mode = options.deliveryGuarantee() == DeliveryGuarantee.EXACTLY_ONCE
                    ? CheckpointingMode.EXACTLY_ONCE : CheckpointingMode.AT_LEAST_ONCE;
            env.enableCheckpointing(options.checkpointInterval().toMillis(), mode);
        }
        if (options.deliveryGuarantee() == DeliveryGuarantee.EXACTLY_ONCE) {
            TransactionTimeoutCheck.of(options, env.getConfiguration()).warning().ifPresent(LOG::warn);
        }
    }

    /** Entry point for {@code flink run}; see {@code --help}. */
    public static void main(String[] args) {
        int code = JobCommand.commandLine().execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }
}
