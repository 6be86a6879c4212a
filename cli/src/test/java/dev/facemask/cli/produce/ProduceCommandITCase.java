package dev.facemask.cli.produce;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facemask.cli.CliResult;
import dev.facemask.cli.consume.DetectionReader;
import dev.facemask.kafka.embedded.EmbeddedKafka;
import dev.facemask.schema.Frame;
import dev.facemask.schema.ImageEncoding;
import dev.facemask.schema.codec.AvroWire;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `produce` against a real in-process KRaft broker: MJPEG on stdin, folders, --loop and --limit. */
class ProduceCommandITCase {

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
    void shouldPublishEveryFrameOfAnMjpegStreamOnStdin() throws Exception {
        List<byte[]> jpegs = MjpegStreams.jpegs(7);
        String topic = "frames-mjpeg";
        kafka.createTopics(1, topic);
        InputStream stdin = System.in;
        CliResult r;
        try {
            System.setIn(new ByteArrayInputStream(MjpegStreams.concat(jpegs)));
            r = CliResult.run("produce", "--bootstrap", kafka.bootstrapServers(), "--topic", topic, "--source", "-",
                    "--camera-id", "door");
        } finally {
            System.setIn(stdin);
        }

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("Sent 7 frames to topic 'frames-mjpeg'");
        List<ConsumerRecord<String, byte[]>> records = read(topic, 7);
        assertThat(records).hasSize(7);
        for (int i = 0; i < 7; i++) {
            Frame f = AvroWire.<Frame>of(Frame.getClassSchema()).decode(records.get(i).value());
            assertThat(records.get(i).key()).isEqualTo("door");
            assertThat(f.getSequence()).isEqualTo(i);
            assertThat(f.getEncoding()).isEqualTo(ImageEncoding.JPEG);
            assertThat(f.getImage().array()).isEqualTo(jpegs.get(i));
        }
    }

    @Test
    void shouldLoopOverAFolderUntilTheLimit(@TempDir Path dir) throws Exception {
        List<byte[]> jpegs = MjpegStreams.jpegs(3);
        for (int i = 0; i < 3; i++) {
            Files.write(dir.resolve("f" + i + ".jpg"), jpegs.get(i));
        }
        Files.writeString(dir.resolve("notes.txt"), "not an image");
        String topic = "frames-loop";
        kafka.createTopics(1, topic);

        CliResult r = CliResult.run("produce", "--bootstrap", kafka.bootstrapServers(), "--topic", topic,
                "--source", dir.toString(), "--loop", "--limit", "8");

        assertThat(r.exitCode()).as(r.err()).isZero();
        List<ConsumerRecord<String, byte[]>> records = read(topic, 8);
        assertThat(records).hasSize(8);
        Frame last = AvroWire.<Frame>of(Frame.getClassSchema()).decode(records.get(7).value());
        assertThat(last.getSequence()).isEqualTo(7);
        assertThat(last.getSourceName()).isEqualTo("f1.jpg");
    }

    @Test
    void shouldRefuseAMissingSourceWithItsName() {
        CliResult r = CliResult.run("produce", "--bootstrap", kafka.bootstrapServers(), "--source", "/no/such/dir");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("Source not found: /no/such/dir");
    }

    private static List<ConsumerRecord<String, byte[]>> read(String topic, int expected) {
        Properties props = new Properties();
        props.put("bootstrap.servers", kafka.bootstrapServers());
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (DetectionReader reader = new DetectionReader(props, List.of(topic), null)) {
            for (ConsumerRecord<String, byte[]> rec : reader.until(Duration.ofSeconds(10))) {
                out.add(rec);
                if (out.size() == expected) {
                    break;
                }
            }
        }
        return out;
    }
}
