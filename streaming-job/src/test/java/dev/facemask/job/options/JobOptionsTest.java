package dev.facemask.job.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.facemask.job.inference.GradCamPolicy;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class JobOptionsTest {

    private JobOptions.Builder valid() {
        return JobOptions.builder().bootstrapServers("localhost:9092").modelDir(Path.of("models/tiny"));
    }

    @Test
    void shouldApplyTheDocumentedDefaults() {
        JobOptions o = valid().build();
        assertThat(o.framesTopic()).isEqualTo("frames");
        assertThat(o.detectionsTopic()).isEqualTo("detections");
        assertThat(o.deadLetterTopic()).isEqualTo("dead-letters");
        assertThat(o.batchSize()).isEqualTo(8);
        assertThat(o.maxBatchWait()).isEqualTo(Duration.ofMillis(20));
        assertThat(o.deliveryGuarantee()).isEqualTo(DeliveryGuarantee.EXACTLY_ONCE);
        assertThat(o.gradCam()).isEqualTo(new GradCamPolicy.Off());
        assertThat(o.startingOffsets()).isEqualTo(StartingOffsets.COMMITTED);
    }

    @Test
    void shouldRefuseCapacityBelowBatchSizeTimesBatchesInFlight() {
        assertThatThrownBy(() -> valid().batchSize(16).batchesInFlight(2).asyncCapacity(20).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid job options: async capacity 20 is below batch size x batches in flight = 16 x 2"
                        + " = 32, so batches could never fill: raise --async-capacity or lower --batch-size");
    }

    @Test
    void shouldListEveryProblemAtOnce() {
        assertThatThrownBy(() -> JobOptions.builder().checkpointInterval(Duration.ZERO).detectionsTopic("frames").build())
                .hasMessage("Invalid job options: bootstrap servers are required (--bootstrap-servers host:port); "
                        + "a model folder is required (--model DIR); "
                        + "frames, detections and dead-letter topics must differ, were frames, frames, dead-letters; "
                        + "EXACTLY_ONCE needs checkpointing: set --checkpoint-interval-ms above 0");
    }

    @Test
    void shouldMaskSecretsInToString() {
        JobOptions o = valid().kafkaProperties(new KafkaClientProperties(Map.of(
                "security.protocol", "SASL_SSL",
                "sasl.jaas.config", "PlainLoginModule required username=\"u\" password=\"hunter2\";",
                "ssl.truststore.password", "hunter3",
                "ssl.keystore.key", "PRIVATE"))).build();
        assertThat(o.toString())
                .contains("security.protocol=SASL_SSL", "sasl.jaas.config=******", "ssl.truststore.password=******",
                        "ssl.keystore.key=******")
                .doesNotContain("hunter2", "hunter3", "PRIVATE");
    }

    @Test
    void shouldReadTheCommandLineIncludingKafkaPropertiesFileAndPairs(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("client.properties");
        Files.writeString(file, "security.protocol=SSL\nssl.key.password=secret1\nclient.id=from-file\n");
        JobCommand command = new JobCommand();
        new CommandLine(command).setCaseInsensitiveEnumValuesAllowed(true).parseArgs(
                "--bootstrap-servers", "b:9092", "--model", "m", "--grad-cam", "sample:0.5",
                "--starting-offsets", "latest", "--batch-size", "4", "--async-capacity", "8",
                "--delivery-guarantee", "at_least_once", "--kafka-properties", file.toString(),
                "--kafka-property", "client.id=from-flag", "--kafka-property", "linger.ms=5");
        JobOptions o = command.toOptions();
        assertThat(o.gradCam()).isEqualTo(new GradCamPolicy.Sample(0.5));
        assertThat(o.startingOffsets()).isEqualTo(StartingOffsets.LATEST);
        assertThat(o.deliveryGuarantee()).isEqualTo(DeliveryGuarantee.AT_LEAST_ONCE);
        assertThat(o.kafkaProperties().values()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "security.protocol", "SSL", "ssl.key.password", "secret1", "client.id", "from-flag", "linger.ms", "5"));
    }

    @Test
    void shouldExplainABadGradCamPolicyOnTheCommandLine() {
        StringWriter err = new StringWriter();
        int code = JobCommand.commandLine().setErr(new PrintWriter(err))
                .execute("--bootstrap-servers", "b:9092", "--model", "m", "--grad-cam", "often");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid Grad-CAM policy 'often'; use off, always, sample:<fraction 0..1>");
    }

    @Test
    void shouldPrintHelp() {
        StringWriter out = new StringWriter();
        int code = JobCommand.commandLine().setOut(new PrintWriter(out)).execute("--help");
        assertThat(code).isZero();
        assertThat(out.toString()).contains("--bootstrap-servers", "--grad-cam", "--kafka-property", "--async-capacity");
    }
}
