package dev.facemask.job.testing;

import dev.facemask.kafka.embedded.EmbeddedKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** The one-node {@link EmbeddedKafka} broker, with helpers for fresh topics and exact reads. */
public final class KafkaTestCluster implements AutoCloseable {

    private final EmbeddedKafka broker;
    /** Security settings every helper client adds (none on a plain-text broker). */
    private final Map<String, String> clientSecurity;

    private KafkaTestCluster(EmbeddedKafka broker, Map<String, String> clientSecurity) {
        this.broker = broker;
        this.clientSecurity = Map.copyOf(clientSecurity);
    }

    public static KafkaTestCluster start() throws Exception {
        return new KafkaTestCluster(EmbeddedKafka.start(), Map.of());
    }

    /**
     * A broker whose client listener speaks TLS and requires a client certificate. The test kit only
     * offers PLAINTEXT and SASL_PLAINTEXT itself, but leaves {@code listener.security.protocol.map}
     * and the {@code ssl.*} settings to the caller. This cluster's helpers connect with {@code stores}.
     */
    public static KafkaTestCluster startWithTls(TestTlsStores stores) throws Exception {
        return new KafkaTestCluster(EmbeddedKafka.start(stores.brokerProperties()), stores.clientProperties());
    }

    /** Bootstrap servers plus this cluster's security settings, for a client of the test's own. */
    public Properties clientProperties() {
        Properties props = new Properties();
        props.putAll(clientSecurity);
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return props;
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    /** A topic with a unique name starting with {@code prefix}. */
    public String createTopic(String prefix, int partitions) throws Exception {
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        broker.createTopics(clientProperties(), partitions, name);
        return name;
    }

    /** Sends each value with its key, and waits until the broker has all of them. */
    public void produce(String topic, List<Map.Entry<String, byte[]>> keyedValues) {
        Properties props = clientProperties();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (Map.Entry<String, byte[]> kv : keyedValues) {
                producer.send(new ProducerRecord<>(topic, kv.getKey() == null ? null : kv.getKey().getBytes(),
                        kv.getValue()));
            }
            producer.flush();
        }
    }

    /**
     * Reads committed values from the start of a topic until {@code expected} have arrived or
     * {@code timeout} has passed, then keeps reading for {@code settle} to catch any extra record.
     */
    public List<byte[]> readCommitted(String topic, int expected, Duration timeout, Duration settle) {
        Properties props = clientProperties();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<byte[]> values = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (values.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
            }
            long settleEnd = System.nanoTime() + settle.toNanos();
            while (System.nanoTime() < settleEnd) {
                consumer.poll(Duration.ofMillis(100)).forEach(r -> values.add(r.value()));
            }
        }
        return values;
    }

    /** Keys of every committed record in a topic, as UTF-8. */
    public Set<String> keys(String topic) {
        Properties props = clientProperties();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Set<String> keys = new java.util.TreeSet<>();
            for (int i = 0; i < 10; i++) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    keys.add(r.key() == null ? "<null>" : new String(r.key(), java.nio.charset.StandardCharsets.UTF_8));
                }
            }
            return keys;
        }
    }

    @Override
    public void close() throws Exception {
        broker.close();
    }
}
