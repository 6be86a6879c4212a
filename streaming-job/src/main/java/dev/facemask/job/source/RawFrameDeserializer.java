package dev.facemask.job.source;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Hands the Kafka key and value on as raw bytes. Decoding happens downstream in {@link FrameParser},
 * so a record that is not a {@code Frame} becomes a dead letter instead of failing the source. A
 * null value (a tombstone) becomes an empty array, which the parser dead-letters too.
 */
public class RawFrameDeserializer implements KafkaRecordDeserializationSchema<RawFrame> {

    private static final long serialVersionUID = 1L;

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RawFrame> out) {
        out.collect(new RawFrame(record.key(), record.value()));
    }

    @Override
    public TypeInformation<RawFrame> getProducedType() {
        return TypeInformation.of(RawFrame.class);
    }
}
