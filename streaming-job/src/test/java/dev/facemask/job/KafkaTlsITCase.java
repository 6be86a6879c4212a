package dev.facemask.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facemask.job.options.JobOptions;
import dev.facemask.job.testing.JobRun;
import dev.facemask.job.testing.KafkaTestCluster;
import dev.facemask.job.testing.MiniClusterWithKafka;
import dev.facemask.job.testing.LogCapture;
import dev.facemask.job.testing.TestFrames;
import dev.facemask.job.testing.TestTlsStores;
import dev.facemask.job.testing.TinyModelFixture;
import dev.facemask.schema.Detection;
import dev.facemask.trainer.evaluate.LabeledSample;
import dev.facemask.vision.dataset.Split;
import dev.facemask.vision.testkit.Figures;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The job against the project's own test broker with TLS and client certificates required: the key
 * and trust stores reach every Kafka client of the job only through {@code --kafka-property}
 * (pass-through), no secret reaches the logs, and clients without credentials are refused.
 */
class KafkaTlsITCase {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String JAAS_SECRET = "jaas-" + UUID.randomUUID();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).setConfiguration(MiniClusterWithKafka.noRestarts()).build());

    @TempDir
    static Path dir;

    private static TestTlsStores tls;
    private static KafkaTestCluster kafka;

    @BeforeAll
    static void startKafkaWithTls() throws Exception {
        long start = System.nanoTime();
        tls = TestTlsStores.generate(dir);
        long stores = System.nanoTime();
        kafka = KafkaTestCluster.startWithTls(tls);
        System.out.printf("KafkaTlsITCase: stores in %.1f s, TLS broker up in %.1f s%n", (stores - start) / 1e9,
                (System.nanoTime() - stores) / 1e9);
    }

    @AfterAll
    static void stopKafka() throws Exception {
        kafka.close();
    }

    @Test
    void shouldRunTheJobOverTlsWithStoresPassedAsKafkaPropertiesAndLogNoSecret() throws Exception {
        JobOptions options = optionsFromTheCommandLine();
        List<LabeledSample> samples = TinyModelFixture.get().samples(Split.TRAIN).subList(60, 72);
        kafka.produce(options.framesTopic(), TestFrames.jpegFiles(samples, 0, 2));

        List<Detection> detections;
        String logs;
        long start = System.nanoTime();
        try (LogCapture capture = LogCapture.atInfo(); JobRun run = JobRun.start(kafka, options)) {
            detections = run.detections(samples.size(), WAIT);
            assertThat(run.deadLetters(0, Duration.ZERO)).isEmpty();
            logs = capture.text();
        }
        Figures.report("job over TLS with client certificates: %d frames in, %d detections out in %.1f s;"
                        + " %d log lines captured at INFO, secrets found in them 0", samples.size(), detections.size(),
                (System.nanoTime() - start) / 1e9, logs.lines().count());

        assertThat(detections).extracting(Detection::getSequence)
                .containsExactlyInAnyOrder(LongStream.range(0, samples.size()).boxed().toArray(Long[]::new));
        // The job's own clients logged their configuration, with every secret hidden by Kafka.
        assertThat(logs).contains("transactional.id = " + options.transactionalIdPrefix(),
                "group.id = " + options.groupId(), "security.protocol = SSL", "ssl.keystore.password = [hidden]",
                "ssl.key.password = [hidden]", "ssl.truststore.password = [hidden]", "sasl.jaas.config = [hidden]");
        for (String secret : secrets()) {
            assertThat(logs).doesNotContain(secret);
        }
        assertThat(options.toString()).contains("ssl.keystore.password=******").doesNotContain(secrets());
    }

    @Test
    void shouldRefuseAClientWithoutACertificateOrWithoutTrustOrWithoutTls() {
        Map<String, String> all = tls.clientProperties();
        Properties noCertificate = client("security.protocol", "SSL",
                "ssl.truststore.type", "PKCS12", "ssl.truststore.location", all.get("ssl.truststore.location"),
                "ssl.truststore.password", all.get("ssl.truststore.password"));
        Properties noTrust = client("security.protocol", "SSL",
                "ssl.keystore.type", "PKCS12", "ssl.keystore.location", all.get("ssl.keystore.location"),
                "ssl.keystore.password", all.get("ssl.keystore.password"), "ssl.key.password", all.get("ssl.key.password"));
        Properties plainText = client();

        Refusal noCertificateRefusal = refusal(noCertificate);
        Refusal noTrustRefusal = refusal(noTrust);
        Refusal plainTextRefusal = refusal(plainText);

        Figures.report("TLS broker refused a client without a certificate in %.1f s, without the trust"
                + " store in %.1f s (SslAuthenticationException), without TLS (timed out) in %.1f s",
                noCertificateRefusal.seconds(), noTrustRefusal.seconds(), plainTextRefusal.seconds());
        // The broker rejects the missing certificate; TLS 1.3 reports it after the client's handshake.
        assertThat(noCertificateRefusal.cause()).isInstanceOf(SslAuthenticationException.class)
                .rootCause().hasMessage("Received fatal alert: bad_certificate");
        // The client cannot verify the broker's self-signed certificate against the JDK's default CAs.
        assertThat(noTrustRefusal.cause()).isInstanceOf(SslAuthenticationException.class)
                .hasMessage("SSL handshake failed")
                .rootCause().hasMessage("unable to find valid certification path to requested target");
        // Plain text never completes a request against a TLS listener: the 5 s budget runs out.
        assertThat(plainTextRefusal.cause()).isInstanceOf(TimeoutException.class);
        assertThat(plainTextRefusal.seconds()).isLessThan(20);
    }

    /** Why and after how long (seconds) a client's request for the cluster id failed. */
    private record Refusal(Throwable cause, double seconds) {}

    /** Asks for the cluster id with a 5 s budget, expecting a failure. */
    private static Refusal refusal(Properties props) {
        long start = System.nanoTime();
        try (Admin admin = Admin.create(props)) {
            admin.describeCluster().clusterId().get(20, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return new Refusal(e.getCause(), (System.nanoTime() - start) / 1e9);
        } catch (Exception e) {
            throw new AssertionError("Expected the broker to refuse the client, got " + e, e);
        }
        throw new AssertionError("The broker accepted a client with " + props.stringPropertyNames());
    }

    private static Properties client(String... keysAndValues) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "4000");
        for (int i = 0; i < keysAndValues.length; i += 2) {
            props.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return props;
    }

    /**
     * Options as {@code flink run ... --kafka-property k=v} would give them: the stores and a
     * (here unused) JAAS configuration with a password, only as pass-through Kafka properties.
     */
    private static JobOptions optionsFromTheCommandLine() throws Exception {
        String frames = kafka.createTopic("frames", 2);
        List<String> args = new ArrayList<>(List.of("--bootstrap-servers", kafka.bootstrapServers(),
                "--model", TinyModelFixture.get().modelDir().toString(),
                "--frames-topic", frames, "--detections-topic", kafka.createTopic("detections", 2),
                "--dead-letter-topic", kafka.createTopic("dead-letters", 1), "--group-id", "group-" + frames,
                "--transactional-id-prefix", "tx-" + frames, "--starting-offsets", "earliest",
                "--checkpoint-interval-ms", "300", "--parallelism", "2"));
        tls.clientProperties().forEach((key, value) -> args.addAll(List.of("--kafka-property", key + "=" + value)));
        args.addAll(List.of("--kafka-property", "sasl.jaas.config=org.apache.kafka.common.security.plain."
                + "PlainLoginModule required username=\"job\" password=\"" + JAAS_SECRET + "\";"));
        JobCommand command = new JobCommand();
        new CommandLine(command).setCaseInsensitiveEnumValuesAllowed(true).parseArgs(args.toArray(String[]::new));
        return command.toOptions();
    }

    private static String[] secrets() {
        List<String> all = new ArrayList<>(tls.secrets());
        all.add(JAAS_SECRET);
        return all.toArray(String[]::new);
    }
}
