package dev.facemask.job.source;

import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Hands the Kafka value on as raw bytes. Decoding happens downstream in {@link FrameParser}, so a
 * record that is not a {@code Frame} becomes a dead letter instead of failing the source. A null
 * value (a tombstone) becomes an empty array, which the parser dead-letters too.
 */
public class RawValueDeserializer implements KafkaRecordDeserializationSchema<byte[]> {

    private static final long serialVersionUID = 1L;

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<byte[]> out) {
        out.collect(record.value() == null ? new byte[0] : record.value());
    }

    @Override
    public TypeInformation<byte[]> getProducedType() {
        return PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO;
    }
}
