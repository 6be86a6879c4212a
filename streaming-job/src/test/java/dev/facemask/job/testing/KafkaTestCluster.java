package dev.facemask.job.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/** A real one-node KRaft broker in this JVM, with helpers for fresh topics and exact reads. */
public final class KafkaTestCluster implements AutoCloseable {

    private final KafkaClusterTestKit cluster;
    /** Security settings every helper client adds (none on a plain-text broker). */
    private final Map<String, String> clientSecurity;

    private KafkaTestCluster(KafkaClusterTestKit cluster, Map<String, String> clientSecurity) {
        this.cluster = cluster;
        this.clientSecurity = Map.copyOf(clientSecurity);
    }

    public static KafkaTestCluster start() throws Exception {
        return start(Map.of(), Map.of());
    }

    /**
     * A broker whose client listener speaks TLS and requires a client certificate. The test kit only
     * offers PLAINTEXT and SASL_PLAINTEXT itself, but leaves {@code listener.security.protocol.map}
     * and the {@code ssl.*} settings to the caller. This cluster's helpers connect with {@code stores}.
     */
    public static KafkaTestCluster startWithTls(TestTlsStores stores) throws Exception {
        return start(stores.brokerProperties(), stores.clientProperties());
    }

    private static KafkaTestCluster start(Map<String, String> brokerConfig, Map<String, String> clientSecurity)
            throws Exception {
        KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
                // One broker: internal topics cannot have three replicas.
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0");
        brokerConfig.forEach(builder::setConfigProp);
        KafkaClusterTestKit cluster = builder.build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
        return new KafkaTestCluster(cluster, clientSecurity);
    }

    /** Bootstrap servers plus this cluster's security settings, for a client of the test's own. */
    public Properties clientProperties() {
        Properties props = new Properties();
        props.putAll(clientSecurity);
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return props;
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /** A topic with a unique name starting with {@code prefix}. */
    public String createTopic(String prefix, int partitions) throws Exception {
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        try (Admin admin = Admin.create(clientProperties())) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
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
        cluster.close();
    }
}
