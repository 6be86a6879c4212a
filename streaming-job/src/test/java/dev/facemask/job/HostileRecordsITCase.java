package dev.facemask.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facemask.job.options.JobOptions;
import dev.facemask.job.options.KafkaClientProperties;
import dev.facemask.job.deadletter.RecordLimits;
import dev.facemask.job.testing.HostileRecords;
import dev.facemask.job.testing.JobRun;
import dev.facemask.job.testing.MiniClusterWithKafka;
import dev.facemask.job.testing.TestFrames;
import dev.facemask.job.testing.TestImages;
import dev.facemask.job.testing.TinyModelFixture;
import dev.facemask.schema.DeadLetter;
import dev.facemask.schema.Detection;
import dev.facemask.schema.ErrorKind;
import dev.facemask.schema.Frame;
import dev.facemask.schema.ImageEncoding;
import dev.facemask.trainer.evaluate.LabeledSample;
import dev.facemask.vision.dataset.Split;
import dev.facemask.vision.testkit.Figures;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.flink.api.common.JobStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records that used to stop the job for good (a crash loop: the task fails, restarts, reads the same
 * record and fails again) now end as exactly one dead letter each, among good frames that are still
 * detected, with the job RUNNING afterwards: Avro length bombs, ids and payloads too large for the
 * Kafka producer, Schema Registry framing; and frames of other published or named schema versions
 * are detected.
 */
class HostileRecordsITCase {

    private static final Duration WAIT = Duration.ofSeconds(60);
    /** The first published contract, as the schemas module's tests keep it. */
    private static final Path V1 = Path.of("..", "schemas", "src", "test", "resources", "v1");

    @RegisterExtension
    static final MiniClusterWithKafka CLUSTER = new MiniClusterWithKafka(MiniClusterWithKafka.noRestarts());

    @Test
    void shouldDeadLetterLengthBombsInAStringABytesAndAnArrayFieldAndKeepRunning() throws Exception {
        JobOptions options = JobRun.freshOptions(CLUSTER.kafka()).build();
        Map<String, byte[]> bombs = HostileRecords.lengthBombs();
        List<Map.Entry<String, byte[]>> records = new ArrayList<>(goodFrames(0, 2));
        bombs.values().forEach(bomb -> records.add(Map.entry("cam-bomb", bomb)));
        CLUSTER.kafka().produce(options.framesTopic(), records);
        try (JobRun run = JobRun.start(CLUSTER.kafka(), options)) {
            List<DeadLetter> deadLetters = run.deadLetters(bombs.size(), WAIT);
            List<Detection> detections = run.detections(2, WAIT);

            Figures.report("length bombs: %d bombs (string, bytes, array) -> %d dead letters %s,"
                    + " %d detections, job %s", bombs.size(), deadLetters.size(), kinds(deadLetters),
                    detections.size(), run.status());
            assertThat(run.status()).isEqualTo(JobStatus.RUNNING);
            assertThat(detections).extracting(Detection::getSequence).containsExactlyInAnyOrder(0L, 1L);
            assertThat(deadLetters).hasSize(3).allSatisfy(d -> {
                assertThat(d.getKind()).isEqualTo(ErrorKind.MALFORMED_RECORD);
                assertThat(d.getStage()).isEqualTo("source");
                assertThat(d.getCameraId()).isEqualTo("cam-bomb");
            });
            assertThat(deadLetters).extracting(DeadLetter::getMessage).containsExactlyInAnyOrder(
                    "Not an Avro single-object record: Frame.cameraId declares 2000000000 bytes, but the record has"
                            + " only 0 bytes left (15 bytes in all)",
                    "Not an Avro single-object record: Frame.image declares 2000000000 bytes, but the record has"
                            + " only 0 bytes left (19 bytes in all)",
                    "Not an Avro single-object record: Frame.groundTruthBoxes[] declares 2000000000 items of at"
                            + " least 16 bytes each, but the record has only 0 bytes left (24 bytes in all)");
        }
    }

    @Test
    void shouldDeadLetterOverLongIdsAndCutPayloadsTheProducerWouldRefuseAndKeepRunning() throws Exception {
        int maxRequestSize = 300_000;
        int payloadLimit = 100_000;
        JobOptions options = JobRun.freshOptions(CLUSTER.kafka())
                .kafkaProperties(KafkaClientProperties.NONE.with(Map.of("max.request.size", "" + maxRequestSize)))
                .recordLimits(new RecordLimits(256, payloadLimit)).build();
        byte[] jpeg = Files.readAllBytes(samples(1).get(0).image());
        Frame longId = TestFrames.frame("c".repeat(400_000), 10, jpeg, ImageEncoding.JPEG);
        Frame longSource = TestFrames.frame("cam-s", 11, jpeg, ImageEncoding.JPEG);
        longSource.setSourceName("s".repeat(5_000));
        byte[] corrupt = TestImages.randomBytes(7, 400_000);
        corrupt[0] = (byte) 0xFF;
        corrupt[1] = (byte) 0xD8;
        corrupt[2] = (byte) 0xFF;
        List<Map.Entry<String, byte[]>> records = new ArrayList<>(goodFrames(0, 2));
        // Keyed short: the test's producer would refuse a 400 KB key plus the value itself.
        records.add(Map.entry("cam-long", TestFrames.record(longId).getValue()));
        records.add(TestFrames.record(longSource));
        records.add(TestFrames.record(TestFrames.frame("cam-big", 12, corrupt, ImageEncoding.JPEG)));
        CLUSTER.kafka().produce(options.framesTopic(), records);
        try (JobRun run = JobRun.start(CLUSTER.kafka(), options)) {
            List<DeadLetter> deadLetters = run.deadLetters(3, WAIT);
            List<Detection> detections = run.detections(2, WAIT);

            Figures.report("outputs Kafka refuses (max.request.size %d): 400,000-char cameraId,"
                            + " 5,000-char sourceName, 400,000-byte corrupt image -> %d dead letters %s with payloads %s"
                            + " bytes (cut from %s), %d detections, job %s", maxRequestSize, deadLetters.size(),
                    kinds(deadLetters), deadLetters.stream().map(d -> d.getPayload().remaining()).toList(),
                    deadLetters.stream().map(DeadLetter::getPayloadBytes).toList(), detections.size(), run.status());
            assertThat(run.status()).isEqualTo(JobStatus.RUNNING);
            assertThat(detections).extracting(Detection::getSequence).containsExactlyInAnyOrder(0L, 1L);
            assertThat(kinds(deadLetters)).containsExactlyInAnyOrderEntriesOf(
                    Map.of(ErrorKind.FIELD_TOO_LONG, 2L, ErrorKind.CORRUPT_IMAGE, 1L));
            DeadLetter id = only(deadLetters, 10);
            assertThat(id.getKind()).isEqualTo(ErrorKind.FIELD_TOO_LONG);
            assertThat(id.getCameraId()).as("an over-long id is not copied").isNull();
            assertThat(id.getMessage()).startsWith("cameraId has 400000 characters, above the limit of 256");
            assertThat(id.getPayload().remaining()).isEqualTo(payloadLimit);
            assertThat(id.getPayloadBytes()).isEqualTo((long) TestFrames.record(longId).getValue().length);
            DeadLetter source = only(deadLetters, 11);
            assertThat(source.getCameraId()).isEqualTo("cam-s");
            assertThat(source.getMessage()).startsWith("sourceName has 5000 characters, above the limit of 256");
            assertThat(source.getPayloadBytes()).as("a payload under the limit is whole").isNull();
            DeadLetter image = only(deadLetters, 12);
            assertThat(image.getKind()).isEqualTo(ErrorKind.CORRUPT_IMAGE);
            assertThat(image.getPayload().remaining()).isEqualTo(payloadLimit);
            assertThat(image.getPayloadBytes()).isEqualTo(400_000L);
            assertThat(bytesOf(image.getPayload())).as("the first bytes of the image")
                    .isEqualTo(java.util.Arrays.copyOf(corrupt, payloadLimit));
        }
    }

    @Test
    void shouldSayWhatTheJobExpectsAndWhatItSawForSchemaRegistryFraming() throws Exception {
        JobOptions options = JobRun.freshOptions(CLUSTER.kafka()).build();
        Frame frame = TestFrames.frame("cam-sr", 5, Files.readAllBytes(samples(1).get(0).image()), ImageEncoding.JPEG);
        List<Map.Entry<String, byte[]>> records = new ArrayList<>(goodFrames(0, 1));
        byte[] framed = HostileRecords.confluentFramed(frame, 42);
        records.add(Map.entry("cam-sr", framed));
        CLUSTER.kafka().produce(options.framesTopic(), records);
        try (JobRun run = JobRun.start(CLUSTER.kafka(), options)) {
            List<DeadLetter> deadLetters = run.deadLetters(1, WAIT);
            assertThat(run.detections(1, WAIT)).hasSize(1);

            Figures.report("Schema Registry framing -> dead letter message: %s",
                    deadLetters.get(0).getMessage());
            assertThat(run.status()).isEqualTo(JobStatus.RUNNING);
            assertThat(deadLetters).singleElement().satisfies(d -> {
                assertThat(d.getKind()).isEqualTo(ErrorKind.MALFORMED_RECORD);
                assertThat(d.getCameraId()).isEqualTo("cam-sr");
                assertThat(d.getMessage())
                        .startsWith("Not an Avro single-object record: Confluent Schema Registry framing"
                                + " (magic byte 0x00, schema id 42); the job reads Avro single-object encoding: C3 01,"
                                + " then the writer schema's 8-byte CRC-64-AVRO fingerprint, then the datum")
                        // magic, schema id 42, then the datum: "cam-sr" (length 6, zig-zag 0c), sequence 5 (0a)
                        .contains(". Saw " + framed.length + " bytes: 00 00 00 00 2a 0c 63 61 6d 2d 73 72 0a ");
            });
            assertThat(CLUSTER.kafka().keys(options.deadLetterTopic())).containsExactly("cam-sr");
        }
    }

    @Test
    void shouldDetectFramesOfTheV1ContractAndOfANamedNewerVersion(@TempDir Path dir) throws Exception {
        Schema.Parser parser = new Schema.Parser();
        parser.parse(V1.resolve("Box.avsc").toFile());
        Schema v1 = parser.parse(V1.resolve("Frame.avsc").toFile());
        Schema newer = new Schema.Parser().parse(Frame.getClassSchema().toString().replaceFirst("\"fields\":\\[",
                "\"fields\":[{\"name\":\"lens\",\"type\":[\"null\",\"string\"],\"default\":null,\"doc\":\"Lens.\"},"));
        Path newerFile = Files.writeString(dir.resolve("Frame-next.avsc"), newer.toString(true));
        JobOptions options = JobRun.freshOptions(CLUSTER.kafka()).frameWriterSchemas(List.of(newerFile)).build();
        List<LabeledSample> samples = samples(2);
        CLUSTER.kafka().produce(options.framesTopic(), List.of(
                Map.entry("cam-v1", singleObject(v1, frameOf(v1, "cam-v1", 0, samples.get(0).image()))),
                Map.entry("cam-next", singleObject(newer, frameOf(newer, "cam-next", 1, samples.get(1).image())))));
        try (JobRun run = JobRun.start(CLUSTER.kafka(), options)) {
            List<Detection> detections = run.detections(2, WAIT);

            assertThat(detections).extracting(d -> d.getCameraId() + "#" + d.getSequence())
                    .containsExactlyInAnyOrder("cam-v1#0", "cam-next#1");
            assertThat(run.deadLetters(0, Duration.ZERO)).isEmpty();
        }
    }

    private static GenericRecord frameOf(Schema schema, String cameraId, long sequence, Path jpeg) throws Exception {
        GenericRecord record = new GenericData.Record(schema);
        record.put("cameraId", cameraId);
        record.put("sequence", sequence);
        record.put("captureTime", 1_700_000_000_000L + sequence);
        record.put("image", ByteBuffer.wrap(Files.readAllBytes(jpeg)));
        record.put("encoding", new GenericData.EnumSymbol(schema.getField("encoding").schema(), "JPEG"));
        return record;
    }

    private static byte[] singleObject(Schema schema, GenericRecord record) throws Exception {
        return bytesOf(new BinaryMessageEncoder<GenericRecord>(GenericData.get(), schema).encode(record));
    }

    private static List<Map.Entry<String, byte[]>> goodFrames(long firstSequence, int count) throws Exception {
        return TestFrames.jpegFiles(samples(count), firstSequence, 1);
    }

    private static List<LabeledSample> samples(int count) throws Exception {
        return TinyModelFixture.get().samples(Split.VAL).subList(0, count);
    }

    private static DeadLetter only(List<DeadLetter> deadLetters, long sequence) {
        return deadLetters.stream().filter(d -> Long.valueOf(sequence).equals(d.getSequence()))
                .reduce((a, b) -> { throw new AssertionError("two dead letters of sequence " + sequence); })
                .orElseThrow(() -> new AssertionError("no dead letter of sequence " + sequence));
    }

    private static Map<ErrorKind, Long> kinds(List<DeadLetter> deadLetters) {
        return deadLetters.stream().collect(Collectors.groupingBy(DeadLetter::getKind, Collectors.counting()));
    }

    private static byte[] bytesOf(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
