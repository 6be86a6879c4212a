package dev.facemask.cli.consume;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A read_committed consumer over some topics, iterated until no record arrives for a while. The job
 * writes transactionally, so read_committed is what sees each frame's result exactly once.
 */
public final class DetectionReader implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;

    public DetectionReader(Properties clientProperties, List<String> topics, String group) {
        Properties props = new Properties();
        props.putAll(clientProperties);
        if (group != null) {
            props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        }
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, String.valueOf(group != null));
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        if (group != null) {
            consumer.subscribe(topics);
        } else {
            // Without a group, read every partition directly: a group with no committed offsets that
            // rebalances (a broker restart moves its coordinator) would start again from the earliest
            // offset and show records twice.
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                consumer.partitionsFor(topic, Duration.ofSeconds(30))
                        .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            }
            if (partitions.isEmpty()) {
                consumer.close();
                throw new IllegalArgumentException("None of the topics " + topics + " exists on "
                        + clientProperties.get("bootstrap.servers"));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }
    }

    /** Records in arrival order; iteration ends after {@code quiet} without a new record. */
    public Iterable<ConsumerRecord<String, byte[]>> until(Duration quiet) {
        return () -> new Iterator<>() {
            private Iterator<ConsumerRecord<String, byte[]>> batch = java.util.Collections.emptyIterator();
            private long lastSeen = System.nanoTime();

            @Override
            public boolean hasNext() {
                while (!batch.hasNext()) {
                    if (System.nanoTime() - lastSeen > quiet.toNanos()) {
                        return false;
                    }
                    var records = consumer.poll(Duration.ofMillis(200));
                    if (!records.isEmpty()) {
                        lastSeen = System.nanoTime();
                        batch = records.iterator();
                    }
                }
                return true;
            }

            @Override
            public ConsumerRecord<String, byte[]> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return batch.next();
            }
        };
    }

    @Override
    public void close() {
        consumer.close();
    }
}
