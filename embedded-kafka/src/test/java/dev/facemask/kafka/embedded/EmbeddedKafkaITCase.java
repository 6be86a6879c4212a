package dev.facemask.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaITCase {

    @Test
    void shouldRunOneNodeWithTheSharedSettingsAndCreateEachTopicOnce() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
                Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            kafka.createTopics(2, "frames", "detections");
            kafka.createTopics(3, "frames");

            Map<String, TopicDescription> topics =
                    admin.describeTopics(List.of("frames", "detections")).allTopicNames().get(30, TimeUnit.SECONDS);
            assertThat(topics.get("frames").partitions()).hasSize(2);
            assertThat(topics.get("detections").partitions()).hasSize(2);
            String node = String.valueOf(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).iterator().next().id());
            ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, node);
            Config config = admin.describeConfigs(Set.of(broker)).all().get(30, TimeUnit.SECONDS).get(broker);
            OneNodeBroker.SETTINGS.forEach((key, value) -> assertThat(config.get(key).value()).as(key).isEqualTo(value));
            assertThat(config.get("message.max.bytes").value()).isEqualTo("16777216");
        }
    }
}
