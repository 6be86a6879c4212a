package dev.facemask.job.options;

import dev.facemask.inference.Precision;
import dev.facemask.job.deadletter.RecordLimits;
import dev.facemask.job.decode.DecodeBudget;
import dev.facemask.job.decode.ImageLimits;
import dev.facemask.job.inference.GradCamPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.flink.connector.base.DeliveryGuarantee;

/**
 * Everything the detection job needs to run, checked once by {@link Builder#build()}. Its
 * {@code toString()} is safe to log: Kafka secrets are masked.
 *
 * <pre>{@code
 * JobOptions options = JobOptions.builder()
 *         .bootstrapServers("localhost:9092")
 *         .modelDir(Path.of("models/tiny"))
 *         .gradCam(GradCamPolicy.parse("sample:0.1"))
 *         .build();
 * }</pre>
 *
 * @param modelDir the model folder; with a {@code modelRoot}, resolved against it
 * @param precision the arithmetic the model runs in: fp32 as exported, or bf16 (oneDNN mixed precision)
 * @param modelRoot when set, the only folder models may be loaded from: {@code modelDir} is resolved
 *     against it and refused if it leaves it ({@code ..}, an absolute path elsewhere, a link out);
 *     null for no restriction
 * @param batchesInFlight batches the async operator may hold at once: one on the model, the next filling
 * @param concurrentBatches batches the model runs at once in each subtask, one thread each; 2 keeps the
 *     cores busy when the job's other threads take one for a moment (see {@code MicroBatcher})
 * @param transactionalIdPrefix prefix of the Kafka sinks' transactional ids, unique per job on a Kafka
 *     cluster; by default {@link TransactionalIdPrefix#derive derived} from the job name and output topics
 * @param outOfOrderness how late a frame's captureTime may be behind the newest seen
 * @param idleness after how long without frames a source partition stops holding back the watermark
 * @param decodeBudget heap decoding may take, per frame and for all slots of a TaskManager at once
 * @param recordLimits bounds on ids copied into outputs and on the payload a dead letter keeps
 * @param frameWriterSchemas {@code .avsc} files of Frame writer schemas to accept besides the
 *     published versions, such as a producer's newer version that adds an optional field
 * @param jobName the name Flink shows for the job; part of the default transactional id prefix
 */
public record JobOptions(
        String bootstrapServers,
        String framesTopic,
        String detectionsTopic,
        String deadLetterTopic,
        String groupId,
        StartingOffsets startingOffsets,
        Path modelDir,
        Path modelRoot,
        Precision precision,
        int batchSize,
        Duration maxBatchWait,
        int batchesInFlight,
        int concurrentBatches,
        int asyncCapacity,
        Duration asyncTimeout,
        int parallelism,
        Duration checkpointInterval,
        DeliveryGuarantee deliveryGuarantee,
        String transactionalIdPrefix,
        GradCamPolicy gradCam,
        ImageLimits imageLimits,
        DecodeBudget decodeBudget,
        Duration outOfOrderness,
        Duration idleness,
        KafkaClientProperties kafkaProperties,
        RecordLimits recordLimits,
        List<Path> frameWriterSchemas,
        String jobName) {

    /** Kafka's default producer {@code max.request.size}. */
    static final int DEFAULT_MAX_REQUEST_SIZE = 1024 * 1024;

    public static final String DEFAULT_FRAMES_TOPIC = "frames";
    public static final String DEFAULT_DETECTIONS_TOPIC = "detections";
    public static final String DEFAULT_DEAD_LETTER_TOPIC = "dead-letters";
    public static final String DEFAULT_GROUP_ID = "facemask-detector";
    public static final String DEFAULT_JOB_NAME = "face-mask detection";

    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding these options, to change a few. A derived transactional id prefix is left
     * to derive again, so that changing a topic or the job name changes it too.
     */
    public Builder toBuilder() {
        boolean derived = transactionalIdPrefix.equals(
                TransactionalIdPrefix.derive(jobName, detectionsTopic, deadLetterTopic));
        return new Builder().bootstrapServers(bootstrapServers).framesTopic(framesTopic)
                .detectionsTopic(detectionsTopic).deadLetterTopic(deadLetterTopic).groupId(groupId)
                .startingOffsets(startingOffsets).modelDir(modelDir).modelRoot(modelRoot).precision(precision).batchSize(batchSize).maxBatchWait(maxBatchWait)
                .batchesInFlight(batchesInFlight).concurrentBatches(concurrentBatches).asyncCapacity(asyncCapacity).asyncTimeout(asyncTimeout)
                .parallelism(parallelism).checkpointInterval(checkpointInterval)
                .deliveryGuarantee(deliveryGuarantee).transactionalIdPrefix(derived ? null : transactionalIdPrefix)
                .gradCam(gradCam).imageLimits(imageLimits).decodeBudget(decodeBudget).outOfOrderness(outOfOrderness).idleness(idleness)
                .kafkaProperties(kafkaProperties).recordLimits(recordLimits).frameWriterSchemas(frameWriterSchemas)
                .jobName(jobName);
    }

    /** Builds {@link JobOptions}; defaults suit one TaskManager with a CPU model. */
    public static final class Builder {
        private String bootstrapServers;
        private String framesTopic = DEFAULT_FRAMES_TOPIC;
        private String detectionsTopic = DEFAULT_DETECTIONS_TOPIC;
        private String deadLetterTopic = DEFAULT_DEAD_LETTER_TOPIC;
        private String groupId = DEFAULT_GROUP_ID;
        private StartingOffsets startingOffsets = StartingOffsets.COMMITTED;
        private Path modelDir;
        private Path modelRoot;
        private Precision precision = Precision.FP32;
        private int batchSize = 8;
        private Duration maxBatchWait = Duration.ofMillis(20);
        private int batchesInFlight = 2;
        private int concurrentBatches = 1;
        private int asyncCapacity = 32;
        private Duration asyncTimeout = Duration.ofSeconds(30);
        private int parallelism = 1;
        private Duration checkpointInterval = Duration.ofSeconds(10);
        private DeliveryGuarantee deliveryGuarantee = DeliveryGuarantee.EXACTLY_ONCE;
        /** Null until set: {@link #build()} then derives it from the job name and output topics. */
        private String transactionalIdPrefix;
        private GradCamPolicy gradCam = new GradCamPolicy.Off();
        private ImageLimits imageLimits = ImageLimits.DEFAULT;
        private DecodeBudget decodeBudget = DecodeBudget.DEFAULT;
        private Duration outOfOrderness = Duration.ofSeconds(5);
        private Duration idleness = Duration.ofSeconds(30);
        private KafkaClientProperties kafkaProperties = KafkaClientProperties.NONE;
        private RecordLimits recordLimits = RecordLimits.DEFAULT;
        private List<Path> frameWriterSchemas = List.of();
        private String jobName = DEFAULT_JOB_NAME;

        private Builder() {}

        public Builder bootstrapServers(String v) { bootstrapServers = Objects.requireNonNull(v, "bootstrapServers"); return this; }
        public Builder framesTopic(String v) { framesTopic = Objects.requireNonNull(v, "framesTopic"); return this; }
        public Builder detectionsTopic(String v) { detectionsTopic = Objects.requireNonNull(v, "detectionsTopic"); return this; }
        public Builder deadLetterTopic(String v) { deadLetterTopic = Objects.requireNonNull(v, "deadLetterTopic"); return this; }
        public Builder groupId(String v) { groupId = Objects.requireNonNull(v, "groupId"); return this; }
        public Builder startingOffsets(StartingOffsets v) { startingOffsets = Objects.requireNonNull(v, "startingOffsets"); return this; }
        public Builder modelDir(Path v) { modelDir = Objects.requireNonNull(v, "modelDir"); return this; }
        /** The folder every model must live under; null (the default) for no restriction. */
        public Builder modelRoot(Path v) { modelRoot = v; return this; }
        /** fp32 (the default) or bf16. */
        public Builder precision(Precision v) { precision = Objects.requireNonNull(v, "precision"); return this; }
        public Builder batchSize(int v) { batchSize = v; return this; }
        public Builder maxBatchWait(Duration v) { maxBatchWait = Objects.requireNonNull(v, "maxBatchWait"); return this; }
        public Builder batchesInFlight(int v) { batchesInFlight = v; return this; }
        public Builder concurrentBatches(int v) { concurrentBatches = v; return this; }
        public Builder asyncCapacity(int v) { asyncCapacity = v; return this; }
        public Builder asyncTimeout(Duration v) { asyncTimeout = Objects.requireNonNull(v, "asyncTimeout"); return this; }
        public Builder parallelism(int v) { parallelism = v; return this; }
        public Builder checkpointInterval(Duration v) { checkpointInterval = Objects.requireNonNull(v, "checkpointInterval"); return this; }
        public Builder deliveryGuarantee(DeliveryGuarantee v) { deliveryGuarantee = Objects.requireNonNull(v, "deliveryGuarantee"); return this; }
        /** Null (the default) derives it: see {@link TransactionalIdPrefix#derive}. */
        public Builder transactionalIdPrefix(String v) { transactionalIdPrefix = v; return this; }
        public Builder gradCam(GradCamPolicy v) { gradCam = Objects.requireNonNull(v, "gradCam"); return this; }
        public Builder imageLimits(ImageLimits v) { imageLimits = Objects.requireNonNull(v, "imageLimits"); return this; }
        public Builder decodeBudget(DecodeBudget v) { decodeBudget = Objects.requireNonNull(v, "decodeBudget"); return this; }
        public Builder outOfOrderness(Duration v) { outOfOrderness = Objects.requireNonNull(v, "outOfOrderness"); return this; }
        public Builder idleness(Duration v) { idleness = Objects.requireNonNull(v, "idleness"); return this; }
        public Builder kafkaProperties(KafkaClientProperties v) { kafkaProperties = Objects.requireNonNull(v, "kafkaProperties"); return this; }
        public Builder recordLimits(RecordLimits v) { recordLimits = Objects.requireNonNull(v, "recordLimits"); return this; }
        /** Frame writer schemas ({@code .avsc} files) to accept besides the published versions. */
        public Builder frameWriterSchemas(List<Path> v) { frameWriterSchemas = List.copyOf(Objects.requireNonNull(v, "frameWriterSchemas")); return this; }
        public Builder jobName(String v) { jobName = Objects.requireNonNull(v, "jobName"); return this; }

        /**
         * @throws IllegalArgumentException listing every problem found, each saying what to change
         */
        public JobOptions build() {
            List<String> problems = sanityCheck();
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException("Invalid job options: " + String.join("; ", problems));
            }
            String txPrefix = transactionalIdPrefix != null ? transactionalIdPrefix
                    : TransactionalIdPrefix.derive(jobName, detectionsTopic, deadLetterTopic);
            return new JobOptions(bootstrapServers, framesTopic, detectionsTopic, deadLetterTopic, groupId,
                    startingOffsets, modelDir, modelRoot, precision, batchSize, maxBatchWait, batchesInFlight, concurrentBatches, asyncCapacity,
                    asyncTimeout, parallelism, checkpointInterval, deliveryGuarantee, txPrefix, gradCam, imageLimits, decodeBudget,
                    outOfOrderness, idleness, kafkaProperties, recordLimits, frameWriterSchemas, jobName);
        }

        private List<String> sanityCheck() {
            List<String> p = new ArrayList<>();
            if (jobName.isBlank()) {
                p.add("the job name must not be blank (--job-name)");
            }
            if (bootstrapServers == null || bootstrapServers.isBlank()) {
                p.add("bootstrap servers are required (--bootstrap-servers host:port)");
            }
            if (modelDir == null) {
                p.add("a model folder is required (--model DIR)");
            }
            if (framesTopic.isBlank() || detectionsTopic.isBlank() || deadLetterTopic.isBlank()) {
                p.add("topic names must not be blank");
            } else if (framesTopic.equals(detectionsTopic) || framesTopic.equals(deadLetterTopic)
                    || detectionsTopic.equals(deadLetterTopic)) {
                p.add("frames, detections and dead-letter topics must differ, were " + framesTopic + ", "
                        + detectionsTopic + ", " + deadLetterTopic);
            }
            if (batchSize < 1 || batchesInFlight < 1 || parallelism < 1) {
                p.add("batch size, batches in flight and parallelism must be at least 1, were " + batchSize + ", "
                        + batchesInFlight + ", " + parallelism);
            } else if (asyncCapacity < batchSize * batchesInFlight) {
                p.add("async capacity " + asyncCapacity + " is below batch size x batches in flight = " + batchSize
                        + " x " + batchesInFlight + " = " + batchSize * batchesInFlight
                        + ", so batches could never fill: raise --async-capacity or lower --batch-size");
            }
            if (concurrentBatches < 1 || concurrentBatches > batchesInFlight) {
                p.add("concurrent batches " + concurrentBatches + " must be between 1 and the batches in flight ("
                        + batchesInFlight + "): a batch that runs must be in flight; raise --batches-in-flight");
            }
            if (maxBatchWait.isNegative() || asyncTimeout.compareTo(maxBatchWait) <= 0) {
                p.add("async timeout " + asyncTimeout.toMillis() + " ms must exceed max batch wait "
                        + maxBatchWait.toMillis() + " ms (and the wait must not be negative)");
            }
            if (deliveryGuarantee == DeliveryGuarantee.EXACTLY_ONCE) {
                if (checkpointInterval.isZero() || checkpointInterval.isNegative()) {
                    p.add("EXACTLY_ONCE needs checkpointing: set --checkpoint-interval-ms above 0");
                }
                if (transactionalIdPrefix != null && transactionalIdPrefix.isBlank()) {
                    p.add("EXACTLY_ONCE requires a transactional id prefix (--transactional-id-prefix)");
                }
            }
            int maxRequestSize = maxRequestSize();
            if (recordLimits.maxDeadLetterPayloadBytes() + RecordLimits.DEAD_LETTER_OVERHEAD_BYTES > maxRequestSize) {
                p.add("dead-letter payload limit " + recordLimits.maxDeadLetterPayloadBytes() + " bytes leaves under "
                        + RecordLimits.DEAD_LETTER_OVERHEAD_BYTES + " bytes of max.request.size " + maxRequestSize
                        + " for the rest of the dead letter: lower --max-dead-letter-payload-bytes");
            }
            return p;
        }

        private int maxRequestSize() {
            String value = kafkaProperties.values().get("max.request.size");
            try {
                return value == null ? DEFAULT_MAX_REQUEST_SIZE : Integer.parseInt(value.trim());
            } catch (NumberFormatException e) {
                return DEFAULT_MAX_REQUEST_SIZE; // the producer reports the bad value itself
            }
        }
    }
}
