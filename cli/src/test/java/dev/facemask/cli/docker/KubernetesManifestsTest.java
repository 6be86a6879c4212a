package dev.facemask.cli.docker;

import static dev.facemask.cli.docker.KubernetesManifests.at;
import static dev.facemask.cli.docker.KubernetesManifests.map;
import static dev.facemask.cli.docker.KubernetesManifests.maps;
import static dev.facemask.cli.docker.KubernetesManifests.string;
import static dev.facemask.cli.docker.KubernetesManifests.named;
import static org.assertj.core.api.Assertions.assertThat;

import dev.facemask.job.DetectionJob;
import dev.facemask.job.JobCommand;
import dev.facemask.job.options.JobOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.HighAvailabilityOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessSpec;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.apache.flink.runtime.util.EnvironmentInformation;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Checks deploy/k8s statically, since no Kubernetes cluster runs here: every file parses, the
 * FlinkDeployment runs the real entry class with options the job's parser accepts, the model and
 * checkpoint volumes are mounted where those options and Flink's configuration point, the Prometheus
 * reporter matches the scrape annotations, the TaskManager's memory holds the job's budgets, and the
 * GPU overlay asks for an NVIDIA GPU.
 */
class KubernetesManifestsTest {

    private static final String MAIN_CONTAINER = "flink-main-container";

    @Test
    void shouldParseEveryManifestAsKubernetesObjects() {
        List<Path> files = KubernetesManifests.files();

        assertThat(files).containsExactly(Path.of("flinkdeployment.yaml"), Path.of("gpu", "flinkdeployment-gpu.yaml"),
                Path.of("gpu", "kustomization.yaml"), Path.of("kustomization.yaml"), Path.of("volumes.yaml"));
        for (Path file : files) {
            assertThat(KubernetesManifests.documents(file)).as(file.toString()).isNotEmpty().allSatisfy(doc -> {
                assertThat(doc.get("apiVersion")).as(file + " apiVersion").isInstanceOf(String.class);
                assertThat(doc.get("kind")).as(file + " kind").isInstanceOf(String.class);
            });
        }
    }

    @Test
    void shouldListOnlyFilesThatExistInTheKustomizations() {
        Map<String, Object> base = KubernetesManifests.document("kustomization.yaml");
        Map<String, Object> gpu = KubernetesManifests.document("gpu/kustomization.yaml");
        List<Map<String, Object>> patches = maps(gpu, "patches");

        assertThat(base.get("kind")).isEqualTo("Kustomization");
        assertThat(at(base, "resources")).isEqualTo(List.of("volumes.yaml", "flinkdeployment.yaml"));
        assertThat(at(gpu, "resources")).isEqualTo(List.of("../"));
        assertThat(patches).singleElement().satisfies(p -> {
            assertThat(Files.isRegularFile(RepositoryFiles.root().resolve("deploy/k8s/gpu").resolve((String) p.get("path")))).isTrue();
            assertThat(at(p, "target.kind")).isEqualTo("FlinkDeployment");
            assertThat(at(p, "target.name")).isEqualTo(at(deployment(), "metadata.name"));
        });
    }

    @Test
    void shouldRunTheDetectionJobInApplicationModeOnTheFlinkVersionOfTheBuild() {
        Map<String, Object> d = deployment();
        String[] version = EnvironmentInformation.getVersion().split("\\.");

        assertThat(d.get("apiVersion")).isEqualTo("flink.apache.org/v1beta1");
        assertThat(d.get("kind")).isEqualTo("FlinkDeployment");
        assertThat(at(d, "spec.flinkVersion")).isEqualTo("v" + version[0] + "_" + version[1]).isEqualTo("v2_2");
        assertThat(at(d, "spec.image")).isEqualTo(RepositoryFiles.service("jobmanager").get("image"));
        assertThat(at(d, "spec.job.entryClass")).isEqualTo(DetectionJob.class.getName());
        // Application mode: the jar is inside the image, where docker/job.Dockerfile copies it.
        String jarUri = string(d, "spec.job.jarURI");
        assertThat(jarUri).startsWith("local://");
        assertThat(RepositoryFiles.all(RepositoryFiles.read("docker/job.Dockerfile"), "^COPY .* (\\S+\\.jar)$"))
                .containsExactly(jarUri.substring("local://".length()));
        assertThat(at(d, "spec.job.upgradeMode")).isEqualTo("savepoint");
    }

    @Test
    void shouldPassOnlyOptionsTheJobParses() {
        JobOptions options = jobOptions();

        assertThat(options.modelRoot()).isEqualTo(Path.of("/models"));
        assertThat(options.modelDir()).isEqualTo(Path.of("seed"));
        assertThat(options.framesTopic()).isEqualTo(JobOptions.DEFAULT_FRAMES_TOPIC);
        assertThat(options.detectionsTopic()).isEqualTo(JobOptions.DEFAULT_DETECTIONS_TOPIC);
        assertThat(options.deadLetterTopic()).isEqualTo(JobOptions.DEFAULT_DEAD_LETTER_TOPIC);
        // The job's own --parallelism wins over the operator's job.parallelism: they must agree.
        assertThat(options.parallelism()).isEqualTo(4).isEqualTo(at(deployment(), "spec.job.parallelism"));
    }

    @Test
    void shouldMountTheModelVolumeWhereModelRootPoints() {
        Map<String, Object> mount = named(maps(mainContainer(), "volumeMounts"), "models");
        Map<String, Object> volume = named(maps(deployment(), "spec.podTemplate.spec.volumes"), "models");

        assertThat(mount.get("mountPath")).isEqualTo(jobOptions().modelRoot().toString());
        assertThat(mount.get("readOnly")).isEqualTo(true);
        assertThat(claim(string(volume, "persistentVolumeClaim.claimName"))).isNotNull();
    }

    @Test
    void shouldCheckpointExactlyOnceToTheDurableVolume() {
        Map<String, Object> conf = flinkConfiguration(deployment());
        String mountPath = (String) named(maps(mainContainer(), "volumeMounts"), "checkpoints").get("mountPath");
        Map<String, Object> volume = named(maps(deployment(), "spec.podTemplate.spec.volumes"), "checkpoints");
        Map<String, Object> claim = claim(string(volume, "persistentVolumeClaim.claimName"));
        JobOptions options = jobOptions();

        assertThat(options.deliveryGuarantee()).isEqualTo(DeliveryGuarantee.EXACTLY_ONCE);
        assertThat(options.checkpointInterval().toMillis()).isEqualTo(10_000);
        assertThat(conf.get(CheckpointingOptions.CHECKPOINT_STORAGE.key())).isEqualTo("filesystem");
        for (String key : List.of(CheckpointingOptions.CHECKPOINTS_DIRECTORY.key(),
                CheckpointingOptions.SAVEPOINT_DIRECTORY.key(), HighAvailabilityOptions.HA_STORAGE_PATH.key())) {
            assertThat((String) conf.get(key)).as(key).startsWith("file://" + mountPath + "/");
        }
        assertThat(at(claim, "spec.accessModes")).isEqualTo(List.of("ReadWriteMany"));
    }

    @Test
    void shouldReportMetricsWherePrometheusScrapes() {
        Map<String, Object> conf = flinkConfiguration(deployment());
        Map<String, Object> annotations = map(deployment(), "spec.podTemplate.metadata.annotations");
        Map<String, Object> port = named(maps(mainContainer(), "ports"), "metrics");

        assertThat(conf.get("metrics.reporter.prom.factory.class"))
                .isEqualTo("org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
        assertThat(conf.get("metrics.reporter.prom.port")).isEqualTo("9249");
        assertThat(annotations).containsEntry("prometheus.io/scrape", "true").containsEntry("prometheus.io/port", "9249")
                .containsEntry("prometheus.io/path", "/metrics");
        assertThat(port.get("containerPort")).isEqualTo(9249);
    }

    @Test
    void shouldGiveEachTaskManagerTheMemoryItsSlotsNeed() {
        Map<String, Object> conf = flinkConfiguration(deployment());
        Map<String, String> values = new java.util.HashMap<>();
        conf.forEach((k, v) -> values.put(k, String.valueOf(v)));
        Configuration flink = Configuration.fromMap(values);
        // The operator turns taskManager.resource.memory into the process size, and the pod's limit.
        flink.set(TaskManagerOptions.TOTAL_PROCESS_MEMORY, MemorySize.parse(string(deployment(), "spec.taskManager.resource.memory")));
        TaskExecutorProcessSpec tm = TaskExecutorProcessUtils.processSpecFromConfig(flink);
        JobOptions options = jobOptions();

        assertThat(flink.get(TaskManagerOptions.NUM_TASK_SLOTS)).isEqualTo(2);
        assertThat(tm.getTotalProcessMemorySize().getMebiBytes()).isEqualTo(3072);
        // TensorFlow's native memory (runtime, weights, a batch's activations) is reserved inside the limit.
        assertThat(tm.getTaskOffHeapSize().getMebiBytes()).isEqualTo(1024);
        // The split deploy/k8s/README.md shows, in whole MiB.
        assertThat(tm.getJvmHeapMemorySize().getMebiBytes()).isEqualTo(1041);
        assertThat(tm.getNetworkMemSize().getMebiBytes()).isEqualTo(250);
        assertThat(tm.getManagedMemorySize().getMebiBytes()).isEqualTo(64);
        assertThat(tm.getJvmMetaspaceSize().getMebiBytes()).isEqualTo(256);
        assertThat(tm.getJvmOverheadSize().getMebiBytes()).isEqualTo(307);
        // The heap holds what all slots may decode at once, and as much again for Kafka clients and
        // the in-flight frames of both slots' async operators.
        assertThat(tm.getJvmHeapMemorySize().getBytes()).isGreaterThanOrEqualTo(2 * options.decodeBudget().maxJvmBytes());
    }

    @Test
    void shouldRequestOneNvidiaGpuPerTaskManagerOnlyInTheGpuVariant() {
        Map<String, Object> patch = KubernetesManifests.document("gpu/flinkdeployment-gpu.yaml");
        List<Map<String, Object>> containers = maps(patch, "spec.taskManager.podTemplate.spec.containers");
        Map<String, Object> limits = map(containers.get(0), "resources.limits");

        assertThat(patch.get("kind")).isEqualTo("FlinkDeployment");
        assertThat(at(patch, "spec.image")).isEqualTo(RepositoryFiles.service("taskmanager-gpu").get("image"));
        // The operator merges pod templates position by position: index 0 is the main container in both.
        assertThat(containers.get(0).get("name")).isEqualTo(MAIN_CONTAINER);
        assertThat(maps(deployment(), "spec.podTemplate.spec.containers").get(0).get("name"))
                .isEqualTo(MAIN_CONTAINER);
        assertThat(limits).containsExactly(Map.entry("nvidia.com/gpu", 1));
        assertThat(RepositoryFiles.read("deploy/k8s/flinkdeployment.yaml")).doesNotContain("nvidia.com/gpu");
    }

    private static Map<String, Object> deployment() {
        return KubernetesManifests.document("flinkdeployment.yaml");
    }

    private static Map<String, Object> flinkConfiguration(Map<String, Object> deployment) {
        return map(deployment, "spec.flinkConfiguration");
    }

    private static Map<String, Object> mainContainer() {
        return named(maps(deployment(), "spec.podTemplate.spec.containers"), MAIN_CONTAINER);
    }

    /** The job's arguments parsed by the job's own command line, as its main does. */
    private static JobOptions jobOptions() {
        List<?> args = (List<?>) at(deployment(), "spec.job.args");
        CommandLine cl = new CommandLine(new JobCommand());
        cl.parseArgs(args.stream().map(String::valueOf).toArray(String[]::new));
        return ((JobCommand) cl.getCommand()).toOptions();
    }

    /** The PersistentVolumeClaim of that name in volumes.yaml. */
    private static Map<String, Object> claim(String name) {
        return KubernetesManifests.documents(Path.of("volumes.yaml")).stream()
                .filter(d -> "PersistentVolumeClaim".equals(d.get("kind")) && name.equals(at(d, "metadata.name")))
                .findFirst().orElseThrow(() -> new AssertionError("volumes.yaml has no PersistentVolumeClaim " + name));
    }
}
