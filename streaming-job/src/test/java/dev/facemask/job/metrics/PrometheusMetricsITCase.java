package dev.facemask.job.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facemask.job.options.JobOptions;
import dev.facemask.job.testing.JobRun;
import dev.facemask.job.testing.KafkaTestCluster;
import dev.facemask.job.testing.PrometheusScrape;
import dev.facemask.job.testing.TestFrames;
import dev.facemask.job.testing.TestImages;
import dev.facemask.job.testing.TinyModelFixture;
import dev.facemask.schema.Detection;
import dev.facemask.schema.ErrorKind;
import dev.facemask.schema.Face;
import dev.facemask.schema.Frame;
import dev.facemask.schema.ImageEncoding;
import dev.facemask.trainer.evaluate.LabeledSample;
import dev.facemask.vision.dataset.Split;
import dev.facemask.vision.testkit.Figures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The job's metrics as Prometheus reads them: a 2-slot mini-cluster with Flink's Prometheus reporter,
 * the real tiny model and a real KRaft broker; the test scrapes the reporter over HTTP and checks exact
 * counts, and that every query of the Grafana dashboard ({@code docker/grafana/}) names a metric served.
 */
class PrometheusMetricsITCase {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int PORT = freePort();
    private static final URI METRICS = URI.create("http://127.0.0.1:" + PORT + "/metrics");
    private static final Path DASHBOARD = Path.of("..", "docker", "grafana", "dashboards", "facemask.json");

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).setConfiguration(prometheus()).build());

    private static KafkaTestCluster kafka;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = KafkaTestCluster.start();
    }

    @AfterAll
    static void stopKafka() throws Exception {
        kafka.close();
    }

    @Test
    void shouldServeExactCountsOfFramesDetectionsFacesAndDeadLettersToPrometheus() throws Exception {
        List<LabeledSample> samples = TinyModelFixture.get().samples(Split.TRAIN).subList(0, 12);
        JobOptions options = JobRun.freshOptions(kafka).build();
        Instant start = Instant.now();
        List<Map.Entry<String, byte[]>> records = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            Frame frame = TestFrames.frame("cam-" + (i % 2), i, Files.readAllBytes(samples.get(i).image()), ImageEncoding.JPEG);
            frame.setCaptureTime(Instant.now()); // so the end-to-end latency is this run's, not a fixed date's
            records.add(TestFrames.record(frame));
        }
        records.add(Map.entry("cam-x", TestImages.randomBytes(11, 300)));
        records.add(Map.entry("cam-y", TestImages.randomBytes(12, 50)));
        records.add(Map.entry("cam-z", TestImages.randomBytes(13, 7)));
        kafka.produce(options.framesTopic(), records);

        try (JobRun run = JobRun.start(kafka, options)) {
            List<Detection> detections = run.detections(samples.size(), WAIT);
            assertThat(run.deadLetters(3, WAIT)).hasSize(3);
            long elapsedMillis = Duration.between(start, Instant.now()).toMillis();
            PrometheusScrape scrape = PrometheusScrape.of(METRICS);
            Figures.report("prometheus scrape of %s:\n%s", METRICS, jobLines(scrape));

            assertThat(scrape.sum(MetricNames.prometheus(MetricNames.FRAMES_RECEIVED))).isEqualTo(15.0);
            assertThat(scrape.sum(MetricNames.prometheus(MetricNames.FRAMES_INFERRED))).isEqualTo(12.0);
            assertThat(scrape.sum(MetricNames.prometheus(MetricNames.DETECTIONS))).isEqualTo(12.0);
            assertThat(scrape.sum(MetricNames.prometheus(MetricNames.END_TO_END_MILLIS) + "_count")).isEqualTo(12.0);
            // A subtask that saw no frame reports NaN quantiles; the others must lie within this run.
            assertThat(scrape.samples()).filteredOn(s -> s.name().equals(MetricNames.prometheus(MetricNames.END_TO_END_MILLIS))
                            && !Double.isNaN(s.value()))
                    .as("end-to-end latency quantiles, ms").isNotEmpty()
                    .allSatisfy(s -> assertThat(s.value()).isBetween(0.0, (double) elapsedMillis));
            assertThat(scrape.sum(MetricNames.prometheus(MetricNames.QUEUE_DEPTH))).isEqualTo(0.0);

            String deadLetters = MetricNames.prometheus(MetricNames.KIND_KEY + "_" + MetricNames.DEAD_LETTERS);
            assertThat(scrape.labelValues(deadLetters, MetricNames.KIND_KEY))
                    .containsExactlyInAnyOrderElementsOf(names(ErrorKind.values()));
            for (ErrorKind kind : ErrorKind.values()) {
                assertThat(scrape.sum(deadLetters, MetricNames.KIND_KEY, kind.name())).as(kind.name())
                        .isEqualTo(kind == ErrorKind.MALFORMED_RECORD ? 3.0 : 0.0);
            }

            String faces = MetricNames.prometheus(MetricNames.CLASS_KEY + "_" + MetricNames.FACES);
            List<String> classes = TinyModelFixture.get().metadata().classes();
            // The reporter turns every character outside [a-zA-Z0-9:_] of a label value into '_': no-mask -> no_mask.
            assertThat(scrape.labelValues(faces, MetricNames.CLASS_KEY))
                    .containsExactlyInAnyOrderElementsOf(classes.stream().map(PrometheusMetricsITCase::labelValue).toList());
            Map<String, Long> facesByClass = detections.stream().flatMap(d -> d.getFaces().stream())
                    .collect(Collectors.groupingBy(Face::getClassLabel, Collectors.counting()));
            assertThat(facesByClass.values().stream().mapToLong(Long::longValue).sum()).as("faces found").isPositive();
            for (String label : classes) {
                assertThat(scrape.sum(faces, MetricNames.CLASS_KEY, labelValue(label))).as(label)
                        .isEqualTo((double) facesByClass.getOrDefault(label, 0L));
            }

            // Consumer lag, from the Kafka source's own metrics.
            assertThat(scrape.names()).contains(MetricNames.KAFKA_PENDING_RECORDS, MetricNames.KAFKA_RECORDS_LAG_MAX);
            assertThat(scrape.names()).containsAll(MetricNames.prometheusNames());
            assertThat(scrape.names()).as("every metric a panel of " + DASHBOARD + " queries")
                    .containsAll(dashboardMetrics());
        }
    }

    /** The {@code flink_*} metric names in the dashboard's queries. */
    static Set<String> dashboardMetrics() throws IOException {
        Matcher m = Pattern.compile("\"expr\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(Files.readString(DASHBOARD));
        Set<String> names = new TreeSet<>();
        while (m.find()) {
            Matcher name = Pattern.compile("flink_[A-Za-z0-9_]+").matcher(m.group(1));
            while (name.find()) {
                names.add(name.group());
            }
        }
        assertThat(names).as("metric names in " + DASHBOARD).isNotEmpty();
        return names;
    }

    private static String jobLines(PrometheusScrape scrape) {
        return scrape.samples().stream()
                .filter(s -> s.name().startsWith(MetricNames.PROMETHEUS_OPERATOR_PREFIX)
                        && MetricNames.prometheusNames().stream().anyMatch(s.name()::startsWith)
                        || s.name().equals(MetricNames.KAFKA_PENDING_RECORDS) || s.name().equals(MetricNames.KAFKA_RECORDS_LAG_MAX))
                .map(s -> s.name() + labelsOf(s) + " " + s.value())
                .collect(Collectors.joining("\n"));
    }

    private static String labelsOf(PrometheusScrape.Sample s) {
        return s.labels().entrySet().stream()
                .filter(e -> Set.of("operator_name", "subtask_index", "kind", "class", "quantile").contains(e.getKey()))
                .map(e -> e.getKey() + "=\"" + e.getValue() + "\"").collect(Collectors.joining(",", "{", "}"));
    }

    private static String labelValue(String value) {
        return value.replaceAll("[^a-zA-Z0-9:_]", "_");
    }

    private static List<String> names(ErrorKind[] kinds) {
        return java.util.Arrays.stream(kinds).map(Enum::name).toList();
    }

    private static Configuration prometheus() {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        conf.setString("metrics.reporter.prom.factory.class", "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
        conf.setString("metrics.reporter.prom.port", Integer.toString(PORT));
        return conf;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
