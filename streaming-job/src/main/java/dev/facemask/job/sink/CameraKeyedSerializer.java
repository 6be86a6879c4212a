package dev.facemask.job.sink;

import dev.facemask.schema.codec.AvroWire;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes a record to one topic in the project's wire encoding ({@link AvroWire}), keyed by its
 * camera id as UTF-8 (empty when unknown), so each camera's records stay in one partition, in order.
 */
public class CameraKeyedSerializer<T extends SpecificRecord> implements KafkaRecordSerializationSchema<T> {

    private static final long serialVersionUID = 1L;
    private static final byte[] NO_KEY = new byte[0];

    private final String topic;
    private final Class<T> type;
    private final SerializableFunction<T, String> cameraIdOf;
    private transient AvroWire<T> wire;

    public CameraKeyedSerializer(String topic, Class<T> type, SerializableFunction<T, String> cameraIdOf) {
        this.topic = Objects.requireNonNull(topic, "topic");
        this.type = Objects.requireNonNull(type, "type");
        this.cameraIdOf = Objects.requireNonNull(cameraIdOf, "cameraIdOf");
    }

    @Override
    public void open(SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) {
        wire = newWire();
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(T record, KafkaSinkContext context, Long timestamp) {
        if (wire == null) {
            wire = newWire();
        }
        String cameraId = cameraIdOf.apply(record);
        byte[] key = cameraId == null ? NO_KEY : cameraId.getBytes(StandardCharsets.UTF_8);
        return new ProducerRecord<>(topic, null, timestamp, key, wire.encode(record));
    }

    private AvroWire<T> newWire() {
        return AvroWire.of(org.apache.avro.specific.SpecificData.get().getSchema(type));
    }
}
