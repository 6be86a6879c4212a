package dev.facemask.cli.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facemask.runtime.stack.StackOptions;
import dev.facemask.job.metrics.MetricNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Checks the monitoring half of docker-compose.yml statically, as ComposeFileTest does the rest: every
 * Flink container serves Prometheus on the port Prometheus scrapes, Grafana is provisioned with the data
 * source its dashboard names, and every query of the dashboard names a metric the job exports
 * ({@link MetricNames}; PrometheusMetricsITCase checks those against a real scrape).
 */
class MonitoringFilesTest {

    private static final String FACTORY = "org.apache.flink.metrics.prometheus.PrometheusReporterFactory";
    private static final String DASHBOARD = "docker/grafana/dashboards/facemask.json";

    @Test
    void shouldReportEveryFlinkContainersMetricsOnThePortPrometheusScrapes() {
        String properties = (String) environment("jobmanager").get("FLINK_PROPERTIES");
        assertThat(properties).contains("metrics.reporter.prom.factory.class: " + FACTORY + "\n")
                .contains("metrics.reporter.prom.port: " + StackOptions.DEFAULT_METRICS_PORT + "\n");

        assertThat(RepositoryFiles.service("prometheus").get("volumes"))
                .isEqualTo(List.of("./docker/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro"));
        Map<String, Object> discovery = singleDnsDiscovery();
        assertThat(discovery.get("port")).isEqualTo(StackOptions.DEFAULT_METRICS_PORT);
        assertThat(discovery.get("names")).isEqualTo(List.of("jobmanager", "taskmanager", "taskmanager-gpu"));
        for (Object name : (List<?>) discovery.get("names")) {
            assertThat(RepositoryFiles.compose().get("services")).as("a service %s", name)
                    .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP).containsKey(name);
        }
        // The Kubernetes manifests use the same reporter and port.
        assertThat(RepositoryFiles.read("deploy/k8s/flinkdeployment.yaml"))
                .contains("metrics.reporter.prom.factory.class: " + FACTORY)
                .contains("metrics.reporter.prom.port: \"" + StackOptions.DEFAULT_METRICS_PORT + "\"");
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldProvisionGrafanaWithThePrometheusSourceTheDashboardNames() throws Exception {
        Map<String, Object> grafana = RepositoryFiles.service("grafana");
        assertThat((List<String>) grafana.get("volumes")).containsExactlyInAnyOrder(
                "./docker/grafana/provisioning:/etc/grafana/provisioning:ro",
                "./docker/grafana/dashboards:/var/lib/grafana/dashboards:ro");
        Map<String, Object> sources = new Yaml().load(RepositoryFiles.read("docker/grafana/provisioning/datasources/prometheus.yml"));
        Map<String, Object> source = ((List<Map<String, Object>>) sources.get("datasources")).get(0);
        assertThat(source.get("url")).isEqualTo("http://prometheus:9090");
        Map<String, Object> provider = ((List<Map<String, Object>>) ((Map<String, Object>) new Yaml()
                .load(RepositoryFiles.read("docker/grafana/provisioning/dashboards/facemask.yml"))).get("providers")).get(0);
        assertThat(((Map<String, Object>) provider.get("options")).get("path")).isEqualTo("/var/lib/grafana/dashboards");

        JsonNode dashboard = new ObjectMapper().readTree(RepositoryFiles.read(DASHBOARD));
        assertThat(dashboard.get("uid").asText()).isEqualTo("facemask");
        assertThat(dashboard.get("panels")).isNotEmpty().allSatisfy(panel -> {
            assertThat(panel.get("datasource").get("uid").asText()).as(panel.get("title").asText()).isEqualTo(source.get("uid"));
            assertThat(panel.get("targets")).as(panel.get("title").asText()).isNotEmpty()
                    .allSatisfy(t -> assertThat(t.get("expr").asText()).contains("flink_"));
        });
    }

    @Test
    void shouldQueryOnlyMetricsTheJobExportsAndEveryOneAnOperatorNeeds() throws Exception {
        Set<String> exported = new TreeSet<>(MetricNames.prometheusNames());
        exported.add(MetricNames.KAFKA_PENDING_RECORDS);
        exported.add(MetricNames.KAFKA_RECORDS_LAG_MAX);

        Set<String> queried = queriedMetrics();

        assertThat(exported).containsAll(queried);
        assertThat(queried).containsExactlyInAnyOrder(
                MetricNames.prometheus(MetricNames.FRAMES_RECEIVED), MetricNames.prometheus(MetricNames.FRAMES_INFERRED),
                MetricNames.prometheus(MetricNames.DETECTIONS), MetricNames.prometheus("class_" + MetricNames.FACES),
                MetricNames.prometheus("kind_" + MetricNames.DEAD_LETTERS), MetricNames.prometheus(MetricNames.MODEL_MILLIS),
                MetricNames.prometheus(MetricNames.BATCH_SIZE), MetricNames.prometheus(MetricNames.QUEUE_DEPTH),
                MetricNames.prometheus(MetricNames.END_TO_END_MILLIS),
                MetricNames.KAFKA_PENDING_RECORDS, MetricNames.KAFKA_RECORDS_LAG_MAX);
    }

    private static Set<String> queriedMetrics() throws Exception {
        Set<String> names = new TreeSet<>();
        Pattern metric = Pattern.compile("flink_[A-Za-z0-9_]+");
        for (JsonNode panel : new ObjectMapper().readTree(RepositoryFiles.read(DASHBOARD)).get("panels")) {
            for (JsonNode target : panel.get("targets")) {
                Matcher m = metric.matcher(target.get("expr").asText());
                while (m.find()) {
                    names.add(m.group());
                }
            }
        }
        return names;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> singleDnsDiscovery() {
        Map<String, Object> config = new Yaml().load(RepositoryFiles.read("docker/prometheus/prometheus.yml"));
        List<Map<String, Object>> jobs = (List<Map<String, Object>>) config.get("scrape_configs");
        List<Map<String, Object>> discoveries = new ArrayList<>();
        for (Map<String, Object> job : jobs) {
            discoveries.addAll((List<Map<String, Object>>) job.get("dns_sd_configs"));
        }
        assertThat(discoveries).hasSize(1);
        return discoveries.get(0);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> environment(String service) {
        return (Map<String, Object>) RepositoryFiles.service(service).get("environment");
    }
}
