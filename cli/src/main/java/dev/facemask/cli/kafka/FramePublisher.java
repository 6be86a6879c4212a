package dev.facemask.cli.kafka;

import dev.facemask.schema.Frame;
import dev.facemask.schema.codec.AvroWire;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes {@link Frame}s to a topic in the project's wire encoding, keyed by camera id so a
 * camera's frames stay in order on one partition. Idempotent and acks=all: a frame is sent once.
 */
public final class FramePublisher implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final AvroWire<Frame> wire = AvroWire.of(Frame.getClassSchema());
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    public FramePublisher(Properties clientProperties, String topic) {
        Properties props = new Properties();
        props.putAll(clientProperties);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(16 * 1024 * 1024));
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        this.topic = topic;
    }

    /** Sends asynchronously; a failed send is reported by the next {@link #checkHealthy()} or {@link #close()}. */
    public void send(Frame frame) {
        checkHealthy();
        byte[] value = wire.encode(frame);
        producer.send(new ProducerRecord<>(topic, frame.getCameraId(), value), (meta, e) -> {
            if (e != null) {
                failure.compareAndSet(null, e);
            } else {
                sent.incrementAndGet();
                bytes.addAndGet(value.length);
            }
        });
    }

    /** Sends raw bytes as a record value, for tests of malformed input. */
    public void sendRaw(String key, byte[] value) {
        producer.send(new ProducerRecord<>(topic, key, value), (meta, e) -> {
            if (e != null) {
                failure.compareAndSet(null, e);
            } else {
                sent.incrementAndGet();
            }
        });
    }

    public long sent() {
        return sent.get();
    }

    public long bytes() {
        return bytes.get();
    }

    public void flush() {
        producer.flush();
        checkHealthy();
    }

    public void checkHealthy() {
        Exception e = failure.get();
        if (e != null) {
            throw new IllegalStateException("Sending to topic '" + topic + "' failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        producer.close();
        checkHealthy();
    }
}
