package dev.facemask.kafka.embedded;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real one-node KRaft broker (combined broker and controller) inside this JVM, from Kafka's own
 * test kit: what {@code --local}, {@code replay} and {@code demo} use when no broker is given, and
 * what the integration tests run against.
 *
 * <pre>{@code
 * try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
 *     kafka.createTopics(2, "frames");
 *     // clients connect to kafka.bootstrapServers()
 * }
 * }</pre>
 */
public final class EmbeddedKafka implements AutoCloseable {

    /** Frames are images: room for a 16 MiB record, as the CLI's producers may send. */
    public static final int MESSAGE_MAX_BYTES = 16 * 1024 * 1024;

    /** How long a created topic may take to be served. */
    private static final int TOPIC_READY_SECONDS = 30;

    private final KafkaClusterTestKit cluster;

    private EmbeddedKafka(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    /** Starts a broker on a free port; about a second. */
    public static EmbeddedKafka start() throws Exception {
        return start(Map.of());
    }

    /**
     * Starts a broker with {@link OneNodeBroker#SETTINGS} and {@link #MESSAGE_MAX_BYTES}, then
     * {@code brokerConfig} on top (for example the listeners and {@code ssl.*} settings of a TLS
     * broker: the test kit itself offers only PLAINTEXT and SASL_PLAINTEXT).
     */
    public static EmbeddedKafka start(Map<String, String> brokerConfig) throws Exception {
        KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build());
        OneNodeBroker.SETTINGS.forEach(builder::setConfigProp);
        builder.setConfigProp("message.max.bytes", String.valueOf(MESSAGE_MAX_BYTES));
        brokerConfig.forEach(builder::setConfigProp);
        KafkaClusterTestKit cluster = builder.build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
        return new EmbeddedKafka(cluster);
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /**
     * Creates the topics that do not exist yet, through an admin client with {@code clientConfig}, and
     * returns once the broker serves every partition of each.
     */
    public void createTopics(Properties clientConfig, int partitions, String... names) throws Exception {
        try (Admin admin = Admin.create(clientConfig)) {
            for (String name : names) {
                try {
                    admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            awaitServed(admin, List.of(names));
        }
    }

    /**
     * The controller acknowledges a new topic before the broker has loaded it into its metadata cache;
     * on a loaded machine a describe or a fetch in between fails with "This server does not host this
     * topic-partition". So wait until every partition of every topic has a leader.
     */
    private static void awaitServed(Admin admin, List<String> names) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TOPIC_READY_SECONDS);
        while (true) {
            try {
                Map<String, TopicDescription> topics = admin.describeTopics(names).allTopicNames().get(10, TimeUnit.SECONDS);
                if (topics.values().stream().flatMap(t -> t.partitions().stream()).allMatch(p -> p.leader() != null)) {
                    return;
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Topics " + names + " were created but the broker did not serve them within "
                        + TOPIC_READY_SECONDS + " s");
            }
            Thread.sleep(50);
        }
    }

    /** Creates the topics that do not exist yet, on a plain-text broker. */
    public void createTopics(int partitions, String... names) throws Exception {
        Properties plainText = new Properties();
        plainText.put("bootstrap.servers", bootstrapServers());
        createTopics(plainText, partitions, names);
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
