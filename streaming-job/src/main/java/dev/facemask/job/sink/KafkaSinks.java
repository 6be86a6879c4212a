package dev.facemask.job.sink;

import dev.facemask.job.options.JobOptions;
import dev.facemask.schema.DeadLetter;
import dev.facemask.schema.Detection;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.util.function.SerializableFunction;

/**
 * Builds the job's two Kafka sinks from the typed options. With {@code EXACTLY_ONCE}, each sink
 * writes in Kafka transactions committed on checkpoints, under its own transactional id prefix
 * ({@code <prefix>-detections}, {@code <prefix>-dead-letters}); readers must use
 * {@code isolation.level=read_committed}.
 */
public final class KafkaSinks {

    /**
     * The broker's default {@code transaction.max.timeout.ms}. Flink's default transaction timeout
     * (1 hour) is above it, and the broker would refuse every transaction.
     */
    static final String TRANSACTION_TIMEOUT_MS = "900000";

    private KafkaSinks() {}

    public static KafkaSink<Detection> detections(JobOptions options) {
        return create(options, options.detectionsTopic(), "-detections", Detection.class, Detection::getCameraId);
    }

    public static KafkaSink<DeadLetter> deadLetters(JobOptions options) {
        return create(options, options.deadLetterTopic(), "-dead-letters", DeadLetter.class, DeadLetter::getCameraId);
    }

    private static <T extends SpecificRecord> KafkaSink<T> create(JobOptions options, String topic, String idSuffix,
            Class<T> type, SerializableFunction<T, String> cameraIdOf) {
        var builder = KafkaSink.<T>builder()
                .setKafkaProducerConfig(options.kafkaProperties().toProperties())
                .setBootstrapServers(options.bootstrapServers())
                .setDeliveryGuarantee(options.deliveryGuarantee())
                .setRecordSerializer(new CameraKeyedSerializer<>(topic, type, cameraIdOf));
        if (options.deliveryGuarantee() == DeliveryGuarantee.EXACTLY_ONCE) {
            builder.setTransactionalIdPrefix(options.transactionalIdPrefix() + idSuffix);
            if (!options.kafkaProperties().values().containsKey("transaction.timeout.ms")) {
                builder.setProperty("transaction.timeout.ms", TRANSACTION_TIMEOUT_MS);
            }
        }
        return builder.build();
    }
}
