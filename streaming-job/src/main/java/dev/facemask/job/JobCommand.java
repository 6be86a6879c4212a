package dev.facemask.job;

import dev.facemask.inference.Precision;
import dev.facemask.job.decode.DecodeBudget;
import dev.facemask.job.decode.ImageLimits;
import dev.facemask.job.inference.GradCamPolicy;
import dev.facemask.job.options.CommandLineSecrets;
import dev.facemask.job.options.JobOptions;
import dev.facemask.job.options.KafkaClientOptions;
import dev.facemask.job.options.KafkaClientProperties;
import dev.facemask.job.deadletter.RecordLimits;
import dev.facemask.job.options.PrecisionConverter;
import dev.facemask.job.options.StartingOffsets;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code job}: reads the command line into {@link JobOptions} and runs {@link DetectionJob} on the
 * current Flink environment (the cluster under {@code flink run}, a local one otherwise). The entry
 * point: {@code DetectionJob.main} hands its arguments here, and the {@code options} package, which
 * only describes the options, does not depend on the job.
 */
@Command(name = "job", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Runs the face-mask detection job: frames from Kafka, detections and dead letters to Kafka.")
public class JobCommand implements Callable<Integer> {

    /** Exit code of a run that failed: a missing or refused model, an unreachable cluster, a failed job. */
    public static final int RUNTIME_FAILURE = 1;
    /** Exit code of a command line that cannot run: an unknown option, a bad value, contradicting options. */
    public static final int BAD_USAGE = 2;

    @Spec CommandSpec spec;

    @Mixin
    KafkaClientOptions kafka = new KafkaClientOptions();

    // Required, checked by JobOptions (not picocli, which would then also demand it of `job stop`).
    @Option(names = "--model", paramLabel = "DIR", description = "Model folder written by the trainer (required).")
    Path modelDir;

    @Option(names = "--model-root", paramLabel = "DIR", description = "Load models only from under this folder:"
            + " --model is resolved against it and refused if it leaves it (.., an absolute path elsewhere, a link out)."
            + " Default: no restriction.")
    Path modelRoot;

    @Option(names = "--precision", defaultValue = "fp32", converter = PrecisionConverter.class, paramLabel = "fp32|bf16",
            description = "Arithmetic the model runs in: fp32 as exported, or bf16 (oneDNN's automatic mixed precision,"
                    + " about 1.8x faster on a CPU with avx512_bf16; check its accuracy first with `detector bench"
                    + " precision`). Default: ${DEFAULT-VALUE}.")
    Precision precision;

    @Option(names = "--frames-topic", defaultValue = JobOptions.DEFAULT_FRAMES_TOPIC, description = "Default: ${DEFAULT-VALUE}.")
    String framesTopic;

    @Option(names = "--detections-topic", defaultValue = JobOptions.DEFAULT_DETECTIONS_TOPIC, description = "Default: ${DEFAULT-VALUE}.")
    String detectionsTopic;

    @Option(names = "--dead-letter-topic", defaultValue = JobOptions.DEFAULT_DEAD_LETTER_TOPIC, description = "Default: ${DEFAULT-VALUE}.")
    String deadLetterTopic;

    @Option(names = "--group-id", defaultValue = JobOptions.DEFAULT_GROUP_ID, description = "Consumer group. Default: ${DEFAULT-VALUE}.")
    String groupId;

    @Option(names = "--starting-offsets", defaultValue = "committed", converter = StartingOffsetsConverter.class,
            paramLabel = "earliest|latest|committed", description = "Without a checkpoint, where to start. Default: ${DEFAULT-VALUE}.")
    StartingOffsets startingOffsets;

    @Option(names = "--batch-size", defaultValue = "8", description = "Largest model batch. Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--max-batch-wait-ms", defaultValue = "20", description = "Longest wait for a batch to fill, ms. Default: ${DEFAULT-VALUE}.")
    long maxBatchWaitMs;

    @Option(names = "--batches-in-flight", defaultValue = "2", description = "Batches the async operator holds. Default: ${DEFAULT-VALUE}.")
    int batchesInFlight;

    @Option(names = "--concurrent-batches", defaultValue = "1", description = "Batches the model runs at once, one "
            + "thread each (at most --batches-in-flight). 2 keeps both cores of a small machine busy when the job's other "
            + "threads take one for a moment; each batch then takes longer. Default: ${DEFAULT-VALUE}.")
    int concurrentBatches;

    @Option(names = "--async-capacity", defaultValue = "32", description = "Frames in the async operator, at least batch size x batches in flight. Default: ${DEFAULT-VALUE}.")
    int asyncCapacity;

    @Option(names = "--async-timeout-ms", defaultValue = "30000", description = "A frame without an answer by then becomes a TIMEOUT dead letter. Default: ${DEFAULT-VALUE}.")
    long asyncTimeoutMs;

    @Option(names = "--parallelism", defaultValue = "1", description = "Default: ${DEFAULT-VALUE}.")
    int parallelism;

    @Option(names = "--checkpoint-interval-ms", defaultValue = "10000", description = "0 disables checkpoints (not with EXACTLY_ONCE). Default: ${DEFAULT-VALUE}.")
    long checkpointIntervalMs;

    @Option(names = "--delivery-guarantee", defaultValue = "EXACTLY_ONCE", paramLabel = "EXACTLY_ONCE|AT_LEAST_ONCE|NONE",
            description = "Kafka sinks' guarantee. Default: ${DEFAULT-VALUE}.")
    DeliveryGuarantee deliveryGuarantee;

    @Option(names = "--job-name", defaultValue = JobOptions.DEFAULT_JOB_NAME,
            description = "The name Flink shows; part of the default transactional id prefix. Default: ${DEFAULT-VALUE}.")
    String jobName;

    @Option(names = "--transactional-id-prefix", paramLabel = "PREFIX",
            description = "Unique per job on a Kafka cluster, and kept across savepoint restores."
                    + " Default: <job-name>:<detections-topic>:<dead-letter-topic>.")
    String transactionalIdPrefix;

    @Option(names = "--grad-cam", defaultValue = "off", converter = GradCamPolicyConverter.class,
            paramLabel = "POLICY", description = "off | always | sample:<fraction> | class:<name> | below-confidence:<x>. Default: ${DEFAULT-VALUE}.")
    GradCamPolicy gradCam;

    @Option(names = "--max-image-bytes", defaultValue = "10485760", description = "Default: ${DEFAULT-VALUE}.")
    int maxImageBytes;

    @Option(names = "--max-image-pixels", defaultValue = "40000000", description = "Width x height, from the header. Default: ${DEFAULT-VALUE}.")
    long maxImagePixels;

    @Option(names = "--max-frame-decode-bytes", defaultValue = "268435456", description = "Most heap one frame may need"
            + " to decode (raster, Java2D's copy to scale it, EXIF orientation's copy), from its header; a frame over it"
            + " becomes a TOO_LARGE dead letter. Default: ${DEFAULT-VALUE}.")
    long maxFrameDecodeBytes;

    @Option(names = "--max-jvm-decode-bytes", defaultValue = "402653184", description = "Most heap all frames decoding"
            + " at once in one TaskManager may need together; at least --max-frame-decode-bytes. Default: ${DEFAULT-VALUE}.")
    long maxJvmDecodeBytes;

    @Option(names = "--decode-wait-ms", defaultValue = "10000", description = "How long a frame waits for decode memory"
            + " before it becomes a TIMEOUT dead letter. Default: ${DEFAULT-VALUE}.")
    long decodeWaitMs;

    @Option(names = "--max-id-length", defaultValue = "256", description = "Most characters of cameraId and"
            + " sourceName; a frame over it becomes a FIELD_TOO_LONG dead letter. Default: ${DEFAULT-VALUE}.")
    int maxIdLength;

    @Option(names = "--max-dead-letter-payload-bytes", defaultValue = "524288", description = "Most bytes of the"
            + " original payload a dead letter keeps; longer ones are cut and say so in payloadBytes. Default: ${DEFAULT-VALUE}.")
    int maxDeadLetterPayloadBytes;

    @Option(names = "--frame-writer-schema", paramLabel = "FILE", description = "A Frame writer schema (.avsc) to"
            + " accept besides the published versions, such as a producer's newer one; repeatable.")
    List<Path> frameWriterSchemas = List.of();

    /**
     * A command line for this command that prints a bad option's message, not a stack trace, with the
     * values of secret Kafka properties masked even where picocli quotes a mistyped argument back.
     * It exits with {@link #BAD_USAGE} for options that cannot run together ({@link BadUsageException})
     * and with {@link #RUNTIME_FAILURE} for everything that fails once they are read.
     */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new JobCommand()).setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("job: " + KafkaClientProperties.maskSecrets(String.valueOf(e.getMessage()),
                    parseResult.originalArgs()));
            return e instanceof BadUsageException ? BAD_USAGE : RUNTIME_FAILURE;
        });
        cl.setParameterExceptionHandler(JobCommand::reportBadParameter);
        return cl;
    }

    /** As picocli's default handler (message, then suggestions or usage), with secrets masked. */
    private static int reportBadParameter(CommandLine.ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        PrintWriter err = cl.getErr();
        err.println(KafkaClientProperties.maskSecrets(e.getMessage(), List.of(args)));
        if (!CommandLine.UnmatchedArgumentException.printSuggestions(e, err)) {
            cl.usage(err);
        }
        err.flush();
        return cl.getCommandSpec().exitCodeOnInvalidInput();
    }

    /**
     * The options as typed, checked record.
     *
     * @throws IllegalArgumentException with every problem found
     */
    public JobOptions toOptions() {
        return JobOptions.builder()
                .bootstrapServers(kafka.bootstrap()).modelDir(modelDir).modelRoot(modelRoot).precision(precision)
                .framesTopic(framesTopic).detectionsTopic(detectionsTopic).deadLetterTopic(deadLetterTopic)
                .groupId(groupId).startingOffsets(startingOffsets)
                .batchSize(batchSize).maxBatchWait(Duration.ofMillis(maxBatchWaitMs)).batchesInFlight(batchesInFlight)
                .concurrentBatches(concurrentBatches).asyncCapacity(asyncCapacity).asyncTimeout(Duration.ofMillis(asyncTimeoutMs))
                .parallelism(parallelism).checkpointInterval(Duration.ofMillis(checkpointIntervalMs))
                .deliveryGuarantee(deliveryGuarantee).transactionalIdPrefix(transactionalIdPrefix).jobName(jobName)
                .gradCam(gradCam).imageLimits(new ImageLimits(maxImageBytes, maxImagePixels))
                .decodeBudget(new DecodeBudget(maxFrameDecodeBytes, maxJvmDecodeBytes, Duration.ofMillis(decodeWaitMs)))
                .kafkaProperties(kafka.clientProperties())
                .recordLimits(new RecordLimits(maxIdLength, maxDeadLetterPayloadBytes))
                .frameWriterSchemas(frameWriterSchemas)
                .build();
    }

    /** {@link #toOptions()}, with its complaint about the command line as a {@link BadUsageException}. */
    public JobOptions checkedOptions() {
        try {
            return toOptions();
        } catch (IllegalArgumentException e) {
            throw new BadUsageException(e.getMessage(), e);
        }
    }

    /** The warning for secrets given as {@code --kafka-property}; see {@link CommandLineSecrets}. */
    public Optional<String> secretsWarning() {
        return kafka.secretsWarning();
    }

    @Override
    public Integer call() throws Exception {
        JobOptions options = checkedOptions();
        secretsWarning().ifPresent(spec.commandLine().getErr()::println);
        PrintWriter out = spec.commandLine().getOut();
        out.println("Starting " + options.jobName() + " with " + options);
        out.flush();
        DetectionJob.fromOptions(options).execute(StreamExecutionEnvironment.getExecutionEnvironment());
        return 0;
    }

    /** Options that were read but cannot run together, or a value the options record refuses. */
    public static final class BadUsageException extends RuntimeException {
        BadUsageException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** {@code earliest|latest|committed}, any case. */
    static final class StartingOffsetsConverter implements CommandLine.ITypeConverter<StartingOffsets> {
        @Override
        public StartingOffsets convert(String value) {
            try {
                return StartingOffsets.valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not earliest, latest or committed");
            }
        }
    }

    /** Parses with {@link GradCamPolicy#parse}, keeping its message. */
    static final class GradCamPolicyConverter implements CommandLine.ITypeConverter<GradCamPolicy> {
        @Override
        public GradCamPolicy convert(String value) {
            try {
                return GradCamPolicy.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
