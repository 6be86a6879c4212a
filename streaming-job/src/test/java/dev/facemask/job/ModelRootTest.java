package dev.facemask.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.facemask.inference.InvalidModelException;
import dev.facemask.job.options.JobOptions;
import dev.facemask.vision.model.ModelMetadata;
import dev.facemask.vision.testkit.Figures;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --model-root}: the job loads a model only from under the configured root, and refuses a
 * path that leaves it ({@code ..}, an absolute path elsewhere, a link out) while it is being built,
 * before anything is submitted. The model folders here hold a real {@code model.json} and an empty
 * {@code saved_model.pb}: building the job reads only the former, so no TensorFlow is needed.
 */
class ModelRootTest {

    @TempDir
    Path dir;

    private Path root;
    private Path outside;

    @BeforeEach
    void createModels() throws IOException {
        root = Files.createDirectories(dir.resolve("models"));
        fakeModel(root.resolve("tiny"));
        outside = fakeModel(dir.resolve("elsewhere/stolen"));
        Files.createSymbolicLink(root.resolve("escape"), outside);
    }

    @Test
    void shouldBuildTheJobWithAModelUnderTheRootGivenRelativeOrAbsolute() {
        assertThat(build(options("tiny", root))).containsOnlyOnce("infer tiny");
        assertThat(build(options(root.resolve("tiny").toString(), root))).containsOnlyOnce("infer tiny");
    }

    @Test
    void shouldBuildTheJobWithAModelAnywhereWithoutARoot() {
        assertThat(build(options(outside.toString(), null))).containsOnlyOnce("infer stolen");
    }

    @Test
    void shouldRefuseModelPathsThatLeaveTheRootBeforeTheJobIsSubmitted() throws IOException {
        Path realRoot = root.toRealPath();
        for (String escape : List.of("../elsewhere/stolen", outside.toString(), "tiny/../../elsewhere/stolen")) {
            assertThatThrownBy(() -> build(options(escape, root)))
                    .as(escape)
                    .isInstanceOf(InvalidModelException.class)
                    .hasMessage("Model path '" + escape + "' leaves the model root " + realRoot);
        }
        assertThatThrownBy(() -> build(options("escape", root)))
                .isInstanceOf(InvalidModelException.class)
                .hasMessage("Model path 'escape' is a link to " + outside.toRealPath() + ", outside the model root "
                        + realRoot);
        Figures.report("model paths leaving --model-root refused while building the job: 4 of 4"
                + " ('..', absolute elsewhere, nested '..', link out); 2 of 2 paths under the root accepted");
    }

    @Test
    void shouldRefuseAModelUnderTheRootWhoseSavedModelOrVariablesLinkOutside() throws IOException {
        Path realRoot = root.toRealPath();
        Path graph = root.resolve("linked-graph");
        Files.createDirectories(graph);
        Files.copy(root.resolve("tiny/model.json"), graph.resolve("model.json"));
        Files.createSymbolicLink(graph.resolve("saved_model.pb"), outside.resolve("saved_model.pb"));
        Path weights = fakeModel(root.resolve("linked-weights"));
        Path foreignWeights = Files.createDirectories(outside.resolve("variables"));
        Files.createSymbolicLink(weights.resolve("variables"), foreignWeights);

        assertThatThrownBy(() -> build(options("linked-graph", root)))
                .isInstanceOf(InvalidModelException.class)
                .hasMessage("Model path 'linked-graph' holds saved_model.pb, a link to "
                        + outside.toRealPath().resolve("saved_model.pb") + ", outside the model root " + realRoot);
        assertThatThrownBy(() -> build(options("linked-weights", root)))
                .isInstanceOf(InvalidModelException.class)
                .hasMessage("Model path 'linked-weights' holds variables, a link to " + foreignWeights.toRealPath()
                        + ", outside the model root " + realRoot);
    }

    @Test
    void shouldAcceptLinksThatStayInsideTheRoot() throws IOException {
        Path shared = fakeModel(root.resolve("shared"));
        Path linked = Files.createDirectories(root.resolve("linked-inside"));
        Files.copy(shared.resolve("model.json"), linked.resolve("model.json"));
        Files.createSymbolicLink(linked.resolve("saved_model.pb"), shared.resolve("saved_model.pb"));

        assertThat(build(options("linked-inside", root))).containsOnlyOnce("infer shared");
    }

    @Test
    void shouldExplainARefusedModelPathOnTheCommandLine() throws IOException {
        StringWriter err = new StringWriter();
        int code = JobCommand.commandLine().setErr(new PrintWriter(err)).setOut(new PrintWriter(new StringWriter()))
                .execute("--model-root", root.toString(), "--model", "../elsewhere/stolen");

        assertThat(code).as("a runtime failure, not bad usage").isEqualTo(JobCommand.RUNTIME_FAILURE);
        assertThat(err.toString()).isEqualTo("job: Model path '../elsewhere/stolen' leaves the model root "
                + root.toRealPath() + System.lineSeparator());
    }

    private static JobOptions options(String model, Path modelRoot) {
        return JobOptions.builder().bootstrapServers("127.0.0.1:9092").modelDir(Path.of(model)).modelRoot(modelRoot)
                .build();
    }

    /**
     * Wires the pipeline as {@code flink run} would, without submitting it, and returns its operator
     * names: the inference operator is named after the {@code model.json} the job read.
     */
    private static List<String> build(JobOptions options) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        DetectionJob.fromOptions(options).build(env);
        return env.getStreamGraph().getStreamNodes().stream().map(StreamNode::getOperatorName).toList();
    }

    /** A model folder whose {@code model.json} names the model after the folder. */
    private static Path fakeModel(Path folder) throws IOException {
        Files.createDirectories(folder);
        Files.write(folder.resolve("saved_model.pb"), new byte[0]);
        new ModelMetadata(folder.getFileName().toString(), "0.0.0", "tiny", List.of("mask", "no-mask"), 64, 3, ModelMetadata.PREPROCESSING,
                ModelMetadata.BOX_FORMAT, 4, null, "", "", "test").write(folder);
        return folder;
    }
}
