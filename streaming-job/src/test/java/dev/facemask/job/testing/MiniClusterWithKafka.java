package dev.facemask.job.testing;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * What the job's integration tests run on: a Flink mini-cluster of one TaskManager with two slots
 * (the job's default parallelism of 2 on the frames topic's two partitions), and a one-node KRaft
 * broker. Both start once per test class, the broker after the cluster, and stop in reverse order.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final MiniClusterWithKafka CLUSTER = new MiniClusterWithKafka(MiniClusterWithKafka.noRestarts());
 *
 * String frames = CLUSTER.kafka().createTopic("frames", 2);
 * }</pre>
 */
public final class MiniClusterWithKafka
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {

    private final MiniClusterExtension flink;
    private KafkaTestCluster kafka;

    /** @param flinkConfiguration the cluster's configuration, for example {@link #noRestarts()} */
    public MiniClusterWithKafka(Configuration flinkConfiguration) {
        this.flink = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
                .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).setConfiguration(flinkConfiguration)
                .build());
    }

    /**
     * No restart strategy: a job that fails stays failed. With Flink's default, a job once restarted
     * seven times and then reported FINISHED having written nothing.
     */
    public static Configuration noRestarts() {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        return conf;
    }

    /** The broker; between this class's {@code beforeAll} and {@code afterAll}. */
    public KafkaTestCluster kafka() {
        if (kafka == null) {
            throw new IllegalStateException("Kafka runs only while the test class does: register this extension"
                    + " with @RegisterExtension on a static field");
        }
        return kafka;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        flink.beforeAll(context);
        kafka = KafkaTestCluster.start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try {
            kafka.close();
            kafka = null;
        } finally {
            flink.afterAll(context);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        flink.beforeEach(context);
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        flink.afterEach(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return flink.supportsParameter(parameter, context);
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return flink.resolveParameter(parameter, context);
    }
}
