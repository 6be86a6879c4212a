package dev.facemask.job.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.facemask.inference.Precision;
import dev.facemask.job.JobCommand;
import dev.facemask.job.deadletter.RecordLimits;
import dev.facemask.job.inference.GradCamPolicy;
import dev.facemask.vision.testkit.Figures;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
        assertThat(o.concurrentBatches()).isEqualTo(1);
        assertThat(o.deliveryGuarantee()).isEqualTo(DeliveryGuarantee.EXACTLY_ONCE);
        assertThat(o.gradCam()).isEqualTo(new GradCamPolicy.Off());
        assertThat(o.startingOffsets()).isEqualTo(StartingOffsets.COMMITTED);
        assertThat(o.decodeBudget()).isEqualTo(new dev.facemask.job.decode.DecodeBudget(256L << 20, 384L << 20,
                Duration.ofSeconds(10)));
    }

    @Test
    void shouldRunInFp32UnlessBf16IsAskedFor() {
        assertThat(valid().build().precision()).isEqualTo(Precision.FP32);
        JobCommand fp32 = new JobCommand();
        new CommandLine(fp32).parseArgs("--model", "m");
        assertThat(fp32.toOptions().precision()).isEqualTo(Precision.FP32);

        JobCommand bf16 = new JobCommand();
        new CommandLine(bf16).parseArgs("--model", "m", "--precision", "BF16");
        JobOptions options = bf16.toOptions();
        assertThat(options.precision()).isEqualTo(Precision.BF16);
        assertThat(options.toBuilder().build().precision()).isEqualTo(Precision.BF16);
    }

    @Test
    void shouldRefuseAnUnknownPrecisionByName() {
        StringWriter err = new StringWriter();
        CommandLine cl = JobCommand.commandLine();
        cl.setErr(new PrintWriter(err));

        int exit = cl.execute("--model", "m", "--precision", "fp16");

        assertThat(exit).isEqualTo(JobCommand.BAD_USAGE);
        assertThat(err.toString()).contains("Invalid value for option '--precision': 'fp16' is not a precision: use fp32 or bf16");
    }

    @Test
    void shouldReadTheDecodeBudgetAndRefuseAFrameBudgetAboveTheJvmBudget() {
        JobCommand command = new JobCommand();
        new CommandLine(command).parseArgs("--model", "m", "--max-frame-decode-bytes", "536870912",
                "--max-jvm-decode-bytes", "805306368", "--decode-wait-ms", "2500");
        assertThat(command.toOptions().decodeBudget()).isEqualTo(new dev.facemask.job.decode.DecodeBudget(
                512L << 20, 768L << 20, Duration.ofMillis(2500)));

        JobCommand tooSmall = new JobCommand();
        new CommandLine(tooSmall).parseArgs("--model", "m", "--max-frame-decode-bytes", "536870912",
                "--max-jvm-decode-bytes", "268435456");
        assertThatThrownBy(tooSmall::toOptions).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the JVM decode budget 268435456 bytes is below the per-frame budget 536870912 bytes,"
                        + " so a frame within it could never decode: raise --max-jvm-decode-bytes or lower"
                        + " --max-frame-decode-bytes");
    }

    @Test
    void shouldRefuseCapacityBelowBatchSizeTimesBatchesInFlight() {
        assertThatThrownBy(() -> valid().batchSize(16).batchesInFlight(2).asyncCapacity(20).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid job options: async capacity 20 is below batch size x batches in flight = 16 x 2"
                        + " = 32, so batches could never fill: raise --async-capacity or lower --batch-size");
    }

    @Test
    void shouldRefuseMoreConcurrentBatchesThanBatchesInFlight() {
        assertThat(valid().batchesInFlight(3).asyncCapacity(24).concurrentBatches(2).build().concurrentBatches()).isEqualTo(2);
        assertThatThrownBy(() -> valid().batchesInFlight(2).concurrentBatches(3).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid job options: concurrent batches 3 must be between 1 and the batches in flight (2):"
                        + " a batch that runs must be in flight; raise --batches-in-flight");
        assertThatThrownBy(() -> valid().concurrentBatches(0).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("concurrent batches 0 must be between 1 and the batches in flight (2)");
    }

    @Test
    void shouldRefuseADeadLetterPayloadLimitWithoutRoomUnderTheProducersMaxRequestSize() {
        assertThatThrownBy(() -> valid().recordLimits(new RecordLimits(256, 200_000))
                .kafkaProperties(KafkaClientProperties.NONE.with(Map.of("max.request.size", "250000"))).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid job options: dead-letter payload limit 200000 bytes leaves under 65536 bytes of"
                        + " max.request.size 250000 for the rest of the dead letter: lower --max-dead-letter-payload-bytes");
        assertThat(valid().build().recordLimits()).isEqualTo(RecordLimits.DEFAULT);
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
                "--starting-offsets", "latest", "--batch-size", "4", "--async-capacity", "12",
                "--batches-in-flight", "3", "--concurrent-batches", "2",
                "--delivery-guarantee", "at_least_once", "--kafka-properties", file.toString(),
                "--kafka-property", "client.id=from-flag", "--kafka-property", "linger.ms=5");
        JobOptions o = command.toOptions();
        assertThat(o.gradCam()).isEqualTo(new GradCamPolicy.Sample(0.5));
        assertThat(o.startingOffsets()).isEqualTo(StartingOffsets.LATEST);
        assertThat(o.batchesInFlight()).isEqualTo(3);
        assertThat(o.concurrentBatches()).isEqualTo(2);
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
    void shouldExitWithBadUsageForOptionsThatCannotRunTogetherBeforeStarting() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = JobCommand.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute("--model", "m", "--checkpoint-interval-ms", "0");

        assertThat(code).isEqualTo(JobCommand.BAD_USAGE);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).isEqualTo("job: Invalid job options: EXACTLY_ONCE needs checkpointing:"
                + " set --checkpoint-interval-ms above 0" + System.lineSeparator());
    }

    @Test
    void shouldPrintHelpWithoutAnySecretDefault() {
        StringWriter out = new StringWriter();
        int code = JobCommand.commandLine().setOut(new PrintWriter(out)).execute("--help");
        assertThat(code).isZero();
        assertThat(out.toString()).contains("--bootstrap-servers", "--grad-cam", "--kafka-property", "--async-capacity",
                "--model-root");
        assertThat(out.toString()).doesNotContainPattern("(?i)(password|secret|jaas|token|credential)\\S*\\s*[=:]\\s*\\S");
        for (CommandLine.Model.OptionSpec option : new CommandLine(new JobCommand()).getCommandSpec().options()) {
            assertThat(KafkaClientProperties.isSecret(option.longestName())).as(option.longestName()).isFalse();
            if (option.defaultValue() != null) {
                assertThat(KafkaClientProperties.isSecret(option.defaultValue())).as(option.longestName()).isFalse();
            }
        }
    }

    @Test
    void shouldMaskEverySecretInToStringAndInTheStartupLine(@TempDir Path dir) {
        List<String> secrets = List.of("ks-hunter1", "key-hunter2", "ts-hunter3", "jaas-hunter4");
        String jaas = "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" password=\""
                + secrets.get(3) + "\";";
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = JobCommand.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(
                "--bootstrap-servers", "b:9093", "--model", dir.resolve("no-model").toString(),
                "--kafka-property", "security.protocol=SASL_SSL",
                "--kafka-property", "ssl.keystore.password=" + secrets.get(0),
                "--kafka-property", "ssl.key.password=" + secrets.get(1),
                "--kafka-property", "ssl.truststore.password=" + secrets.get(2),
                "--kafka-property", "sasl.jaas.config=" + jaas);

        assertThat(code).isEqualTo(1); // the model folder is missing: the job stops after the startup line
        assertThat(out.toString()).startsWith("Starting face-mask detection with JobOptions[bootstrapServers=b:9093")
                .contains("kafkaProperties={sasl.jaas.config=******, security.protocol=SASL_SSL, "
                        + "ssl.key.password=******, ssl.keystore.password=******, ssl.truststore.password=******}");
        assertThat(err.toString().lines().toList()).hasSize(2);
        assertThat(err.toString()).startsWith("warning: secret Kafka properties ssl.keystore.password, ssl.key.password,"
                + " ssl.truststore.password, sasl.jaas.config given with --kafka-property: command-line arguments are"
                + " visible to every user in `ps`, in the shell history and in Flink's web UI. Put secrets in a file"
                + " only you can read (chmod 600) and pass it with --kafka-properties FILE." + System.lineSeparator()
                + "job: Model folder not found: " + dir.resolve("no-model"));
        for (String secret : secrets) {
            assertThat(out.toString()).doesNotContain(secret);
            assertThat(err.toString()).doesNotContain(secret);
        }
        Figures.report("secrets in the startup line and error output: 0 of 4 (ssl.keystore.password,"
                + " ssl.key.password, ssl.truststore.password, sasl.jaas.config all masked as ******)");
    }

    @Test
    void shouldMaskSecretsWherePicocliQuotesAMistypedArgumentBack() {
        StringWriter typo = new StringWriter();
        StringWriter misplaced = new StringWriter();
        int typoCode = JobCommand.commandLine().setErr(new PrintWriter(typo))
                .execute("--model", "m", "--kafka-propety", "ssl.key.password=hunter5");
        int misplacedCode = JobCommand.commandLine().setErr(new PrintWriter(misplaced))
                .execute("--model", "m", "--batch-size=sasl.jaas.config=x password=\"hunter6\"");

        assertThat(typoCode).isEqualTo(2);
        assertThat(typo.toString()).startsWith("Unknown options: '--kafka-propety', 'ssl.key.password=******'")
                .doesNotContain("hunter5");
        assertThat(misplacedCode).isEqualTo(2);
        assertThat(misplaced.toString())
                .startsWith("Invalid value for option '--batch-size': 'sasl.jaas.config=******' is not an int")
                .doesNotContain("hunter6");
    }

    @Test
    void shouldReadTheModelRootFromTheCommandLineAndDefaultToNone() {
        JobCommand command = new JobCommand();
        new CommandLine(command).parseArgs("--model", "tiny", "--model-root", "/models");
        JobCommand without = new JobCommand();
        new CommandLine(without).parseArgs("--model", "tiny");

        assertThat(command.toOptions().modelRoot()).isEqualTo(Path.of("/models"));
        assertThat(command.toOptions().modelDir()).isEqualTo(Path.of("tiny"));
        assertThat(without.toOptions().modelRoot()).isNull();
        assertThat(command.toOptions().toBuilder().build()).isEqualTo(command.toOptions());
    }

    @Test
    void shouldDeriveTheTransactionalIdPrefixFromTheJobNameAndOutputTopics() {
        assertThat(valid().build().transactionalIdPrefix()).isEqualTo("face-mask-detection:detections:dead-letters");
        assertThat(valid().jobName("cams / floor 2").detectionsTopic("d2").deadLetterTopic("dl2").build()
                .transactionalIdPrefix()).isEqualTo("cams-floor-2:d2:dl2");
    }

    @Test
    void shouldKeepAnExplicitTransactionalIdPrefixAndDeriveADerivedOneAgain() {
        JobOptions explicit = valid().transactionalIdPrefix("mine").build();
        assertThat(explicit.toBuilder().detectionsTopic("other").build().transactionalIdPrefix()).isEqualTo("mine");
        assertThat(valid().build().toBuilder().detectionsTopic("other").build().transactionalIdPrefix())
                .isEqualTo("face-mask-detection:other:dead-letters");
    }

    @Test
    void shouldReadTheJobNameAndTransactionalIdPrefixFromTheCommandLine() {
        JobCommand named = new JobCommand();
        new CommandLine(named).parseArgs("--model", "tiny", "--job-name", "lobby", "--detections-topic", "lobby-out");
        JobCommand explicit = new JobCommand();
        new CommandLine(explicit).parseArgs("--model", "tiny", "--transactional-id-prefix", "tx-lobby");

        assertThat(named.toOptions().jobName()).isEqualTo("lobby");
        assertThat(named.toOptions().transactionalIdPrefix()).isEqualTo("lobby:lobby-out:dead-letters");
        assertThat(explicit.toOptions().transactionalIdPrefix()).isEqualTo("tx-lobby");
    }
}
