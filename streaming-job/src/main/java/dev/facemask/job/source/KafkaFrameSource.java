package dev.facemask.job.source;

import dev.facemask.job.options.JobOptions;
import dev.facemask.job.options.StartingOffsets;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/** Builds the job's Kafka source of raw frame values from the typed options. */
public final class KafkaFrameSource {

    private KafkaFrameSource() {}

    /**
     * An unbounded source of the frames topic's records (key and value). Consumer properties given with
     * {@code --kafka-property}/{@code --kafka-properties} (security settings, for example) apply.
     */
    public static KafkaSource<RawFrame> create(JobOptions options) {
        return KafkaSource.<RawFrame>builder()
                .setBootstrapServers(options.bootstrapServers())
                .setTopics(options.framesTopic())
                .setGroupId(options.groupId())
                .setStartingOffsets(startingOffsets(options.startingOffsets()))
                .setDeserializer(new RawFrameDeserializer())
                .setProperties(options.kafkaProperties().toProperties())
                // Set after the user's properties: reading uncommitted frames would break exactly-once end to end.
                .setProperty("isolation.level", "read_committed")
                .build();
    }

    static OffsetsInitializer startingOffsets(StartingOffsets offsets) {
        return switch (offsets) {
            case EARLIEST -> OffsetsInitializer.earliest();
            case LATEST -> OffsetsInitializer.latest();
            case COMMITTED -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
        };
    }
}
