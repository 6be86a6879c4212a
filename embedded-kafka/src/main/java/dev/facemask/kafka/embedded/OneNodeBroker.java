package dev.facemask.kafka.embedded;

import java.util.Map;
import java.util.TreeMap;

/**
 * Broker settings for a cluster of one KRaft node, shared by the in-process broker of
 * {@link EmbeddedKafka} and the broker JVM of {@code detector stack up}.
 */
public final class OneNodeBroker {

    /**
     * One node: every internal topic gets one replica and one in-sync replica, or consumer groups
     * and transactions stall waiting for replicas that cannot exist. No rebalance delay, so a
     * consumer's first poll is not held for three seconds.
     */
    public static final Map<String, String> SETTINGS = Map.of(
            "offsets.topic.replication.factor", "1",
            "transaction.state.log.replication.factor", "1",
            "transaction.state.log.min.isr", "1",
            "share.coordinator.state.topic.replication.factor", "1",
            "share.coordinator.state.topic.min.isr", "1",
            "group.initial.rebalance.delay.ms", "0");

    private OneNodeBroker() {}

    /** {@link #SETTINGS} as {@code server.properties} lines, sorted by key. */
    public static String propertiesLines() {
        StringBuilder lines = new StringBuilder();
        new TreeMap<>(SETTINGS).forEach((key, value) -> lines.append(key).append('=').append(value).append('\n'));
        return lines.toString();
    }
}
