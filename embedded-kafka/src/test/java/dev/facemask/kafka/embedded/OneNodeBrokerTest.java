package dev.facemask.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OneNodeBrokerTest {

    @Test
    void shouldWriteEverySettingAsOneSortedPropertiesLine() {
        assertThat(OneNodeBroker.propertiesLines()).isEqualTo("""
                group.initial.rebalance.delay.ms=0
                offsets.topic.replication.factor=1
                share.coordinator.state.topic.min.isr=1
                share.coordinator.state.topic.replication.factor=1
                transaction.state.log.min.isr=1
                transaction.state.log.replication.factor=1
                """);
    }
}
