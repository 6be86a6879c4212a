package dev.facemask.job.metrics;

import java.util.List;

/**
 * The names of the job's own metrics, as Flink registers them in each operator's metric group and as
 * Flink's Prometheus reporter exports them: {@code flink_taskmanager_job_task_operator_<name>}, where a
 * key-value group ({@code kind}, {@code class}) becomes both a name part and a label. The README's
 * metrics table, the Grafana dashboard ({@code docker/grafana/}) and the tests read these.
 */
public final class MetricNames {

    /** Every Kafka record the source handed to the parser, valid or not (counter, {@code parse-frames}). */
    public static final String FRAMES_RECEIVED = "framesReceived";
    /** Frames that went through the model (counter, {@code infer}). */
    public static final String FRAMES_INFERRED = "framesInferred";
    /** Rate of {@link #FRAMES_INFERRED} over 60 s (meter, {@code infer}). */
    public static final String FRAMES_PER_SECOND = "framesPerSecond";
    /** Model time of one batch in milliseconds (histogram, {@code infer}). */
    public static final String MODEL_MILLIS = "inferenceLatencyMillis";
    /** Frames per model batch (histogram, {@code infer}). */
    public static final String BATCH_SIZE = "batchSize";
    /** Frames waiting for a batch (gauge, {@code infer}). */
    public static final String QUEUE_DEPTH = "queueDepth";
    /** Detections sent to the detections topic, one per inferred frame (counter, {@code route-results}). */
    public static final String DETECTIONS = "detectionsEmitted";
    /** Faces found, under the key-value group {@link #CLASS_KEY} = the class label (counter, {@code route-results}). */
    public static final String FACES = "faces";
    /** The group key of {@link #FACES}: a Prometheus label {@code class="masked"}. */
    public static final String CLASS_KEY = "class";
    /** From the frame's capture time to its detection, in milliseconds (histogram, {@code route-results}). */
    public static final String END_TO_END_MILLIS = "endToEndLatencyMillis";
    /** Dead letters, under the key-value group {@link #KIND_KEY} = the {@code ErrorKind} (counter, {@code count-dead-letters}). */
    public static final String DEAD_LETTERS = "deadLetters";
    /** The group key of {@link #DEAD_LETTERS}: a Prometheus label {@code kind="MALFORMED_RECORD"}. */
    public static final String KIND_KEY = "kind";

    /** The prefix Flink's Prometheus reporter gives operator metrics (the default operator scope). */
    public static final String PROMETHEUS_OPERATOR_PREFIX = "flink_taskmanager_job_task_operator_";

    /**
     * Consumer lag, from the Kafka source's own metrics: records not yet read, per source reader
     * ({@code pendingRecords}, the standard source metric the KafkaSource reports)...
     */
    public static final String KAFKA_PENDING_RECORDS = PROMETHEUS_OPERATOR_PREFIX + "pendingRecords";
    /** ... and the Kafka consumer's own {@code records-lag-max}, registered by the KafkaSource's reader. */
    public static final String KAFKA_RECORDS_LAG_MAX = PROMETHEUS_OPERATOR_PREFIX + "KafkaSourceReader_KafkaConsumer_records_lag_max";

    private MetricNames() {}

    /** Every metric above as the Prometheus reporter names it (histograms also export {@code _count}). */
    public static List<String> prometheusNames() {
        return List.of(prometheus(FRAMES_RECEIVED), prometheus(FRAMES_INFERRED), prometheus(FRAMES_PER_SECOND),
                prometheus(MODEL_MILLIS), prometheus(BATCH_SIZE), prometheus(QUEUE_DEPTH), prometheus(DETECTIONS),
                prometheus(CLASS_KEY + "_" + FACES), prometheus(END_TO_END_MILLIS),
                prometheus(KIND_KEY + "_" + DEAD_LETTERS));
    }

    /** {@code name} as an operator metric of the Prometheus reporter. */
    public static String prometheus(String name) {
        return PROMETHEUS_OPERATOR_PREFIX + name;
    }
}
