package dev.facemask.cli.consume;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facemask.cli.CliResult;
import dev.facemask.kafka.embedded.EmbeddedKafka;
import dev.facemask.schema.Box;
import dev.facemask.schema.DeadLetter;
import dev.facemask.schema.Detection;
import dev.facemask.schema.codec.AvroWire;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code consume --expect} against a real in-process broker: duplicated dead letters and strict counts. */
class ConsumeCommandITCase {

    private static final AvroWire<Detection> DETECTIONS = AvroWire.of(Detection.getClassSchema());
    private static final AvroWire<DeadLetter> DEAD_LETTERS = AvroWire.of(DeadLetter.getClassSchema());
    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startBroker() throws Exception {
        kafka = EmbeddedKafka.start();
    }

    @AfterAll
    static void stopBroker() throws Exception {
        kafka.close();
    }

    @Test
    void shouldFailExpectWhenADeadLetterArrivesTwice() throws Exception {
        String detections = "detections-dup";
        String letters = "dead-letters-dup";
        kafka.createTopics(1, detections, letters);
        DeadLetter letter = ResultTallyTest.deadLetter("cam", 1L, new byte[] {1, 2}, 10);
        publish(detections, List.of(DETECTIONS.encode(detection("cam", 0))));
        publish(letters, List.of(DEAD_LETTERS.encode(letter), DEAD_LETTERS.encode(letter)));

        CliResult r = consume(detections, letters, "--expect", "3");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("expected exactly 3 records, got 3 (1 detections, 2 dead letters, 1 duplicates)");
    }

    @Test
    void shouldFailExpectDeadLettersZeroWhenAFrameWasDeadLettered() throws Exception {
        String detections = "detections-strict";
        String letters = "dead-letters-strict";
        kafka.createTopics(1, detections, letters);
        publish(detections, List.of(DETECTIONS.encode(detection("cam", 0))));
        publish(letters, List.of(DEAD_LETTERS.encode(ResultTallyTest.deadLetter("cam", 1L, new byte[] {1}, 10))));

        CliResult loose = consume(detections, letters, "--expect", "2");
        CliResult strict = consume(detections, letters, "--expect", "2", "--expect-dead-letters", "0");

        assertThat(loose.exitCode()).as(loose.err()).isZero();
        assertThat(loose.err()).contains("OK: exactly 2 records (1 detections, 1 dead letters), no duplicates");
        assertThat(strict.exitCode()).isEqualTo(1);
        assertThat(strict.err()).contains("expected exactly 2 records (2 detections, 0 dead letters), got 2"
                + " (1 detections, 1 dead letters, 0 duplicates)");
    }

    private static CliResult consume(String detections, String letters, String... expect) {
        List<String> args = new ArrayList<>(List.of("consume", "--bootstrap", kafka.bootstrapServers(),
                "--topic", detections, "--dead-letter-topic", letters, "--idle-timeout", "3s"));
        args.addAll(List.of(expect));
        return CliResult.run(args.toArray(String[]::new));
    }

    private static Detection detection(String camera, long sequence) {
        return Detection.newBuilder().setCameraId(camera).setSequence(sequence)
                .setCaptureTime(Instant.ofEpochMilli(1)).setProcessingTime(Instant.ofEpochMilli(2))
                .setModelName("tiny").setModelVersion("1").setClassId(0).setClassLabel("mask").setScore(0.9f)
                .setClassScores(Map.of("mask", 0.9f, "no-mask", 0.1f)).setBox(new Box(0f, 0f, 0.5f, 0.5f))
                .setBoxPixels(new Box(0f, 0f, 48f, 48f)).setInferenceMillis(1f).setBatchSize(1).build();
    }

    private static void publish(String topic, List<byte[]> values) {
        Properties props = new Properties();
        props.put("bootstrap.servers", kafka.bootstrapServers());
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            values.forEach(v -> producer.send(new ProducerRecord<>(topic, "cam", v)));
            producer.flush();
        }
    }
}
