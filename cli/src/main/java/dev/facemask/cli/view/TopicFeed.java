package dev.facemask.cli.view;

import dev.facemask.schema.DeadLetter;
import dev.facemask.schema.Detection;
import dev.facemask.schema.Frame;
import dev.facemask.schema.codec.AvroWire;
import dev.facemask.schema.codec.FrameSchemas;
import dev.facemask.schema.codec.MalformedRecordException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the frames, detections and dead-letter topics into the {@link LiveState}, on its own thread,
 * with {@code read_committed} as {@code consume} does: the job writes its results in Kafka
 * transactions, and an aborted attempt's records must not show. No consumer group: every partition
 * is assigned, from the end (live) or the beginning.
 */
final class TopicFeed implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TopicFeed.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final ViewTopics topics;
    private final LiveState state;
    private final AvroWire<Frame> frames = FrameSchemas.reader(List.of());
    private final AvroWire<Detection> detections = AvroWire.of(Detection.getClassSchema());
    private final AvroWire<DeadLetter> deadLetters = AvroWire.of(DeadLetter.getClassSchema());
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * Assigns every partition of the three topics and fixes the start offsets before returning, so a
     * record written after this returns is shown.
     *
     * @throws IllegalArgumentException naming the topics that do not exist
     */
    TopicFeed(Properties clientProperties, ViewTopics topics, boolean fromBeginning, LiveState state) {
        this.topics = topics;
        this.state = state;
        Properties props = new Properties();
        props.putAll(clientProperties);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        try {
            List<TopicPartition> partitions = partitions(clientProperties);
            consumer.assign(partitions);
            if (fromBeginning) {
                consumer.seekToBeginning(partitions);
            } else {
                consumer.seekToEnd(partitions);
            }
            // Seeks are lazy: resolve them now, or records written before the first poll are skipped.
            partitions.forEach(consumer::position);
        } catch (RuntimeException e) {
            consumer.close();
            throw e;
        }
        this.thread = new Thread(this::run, "view-topic-feed");
        thread.setDaemon(true);
        thread.start();
    }

    private List<TopicPartition> partitions(Properties clientProperties) {
        List<TopicPartition> out = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String topic : topics.all()) {
            var found = consumer.partitionsFor(topic, Duration.ofSeconds(30));
            if (found == null || found.isEmpty()) {
                missing.add(topic);
            } else {
                found.forEach(p -> out.add(new TopicPartition(p.topic(), p.partition())));
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("Topic(s) " + missing + " do not exist on " + clientProperties.get("bootstrap.servers")
                    + ": start the job first (it creates them), or name the job's topics with --frames-topic,"
                    + " --detections-topic and --dead-letter-topic");
        }
        return out;
    }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> rec : consumer.poll(Duration.ofMillis(200))) {
                    dispatch(rec);
                }
            }
        } catch (WakeupException e) {
            // close() asked us to stop.
        } catch (RuntimeException e) {
            LOG.error("The live view stopped reading Kafka", e);
        } finally {
            consumer.close();
        }
    }

    private void dispatch(ConsumerRecord<String, byte[]> rec) {
        try {
            if (rec.topic().equals(topics.detections())) {
                state.onDetection(detections.decode(rec.value()));
            } else if (rec.topic().equals(topics.frames())) {
                state.onFrame(frames.decode(rec.value()));
            } else {
                state.onDeadLetter(deadLetters.decode(rec.value()));
            }
        } catch (MalformedRecordException e) {
            // A bad frame becomes the job's dead letter, counted there; other unreadable records are counted here.
            if (!rec.topic().equals(topics.frames())) {
                state.onUnreadable();
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(10_000);
    }
}
