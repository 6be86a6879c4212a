package dev.facemask.cli.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.facemask.cli.CliResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dense model through the real commands: multi-face scenes, {@code detect-tiny} trained on the spot,
 * every-face evaluation, then the test split replayed through embedded Kafka and a Flink mini-cluster.
 * The stream's mAP must equal the offline one, whatever the model learned: both decode the same maps
 * with the options in {@code model.json}.
 */
class EveryFaceReplayITCase {

    @Test
    void shouldScoreEveryStreamedFaceAsTheOfflineEvaluationDoes(@TempDir Path dir) throws Exception {
        String data = dir.resolve("scenes").toString();
        String model = dir.resolve("model").toString();
        assertThat(CliResult.run("data", "synth", "--out", data, "--images", "100", "--scenes", "--faces", "1-3",
                "--image-size", "128", "--face-size", "28-56", "--seed", "4").exitCode()).isZero();

        CliResult train = CliResult.run("train", "--data", data, "--out", model, "--preset", "detect-tiny",
                "--input-size", "128", "--epochs", "2", "--run-dir", dir.resolve("run").toString());
        CliResult evaluate = CliResult.run("evaluate", "--model", model, "--data", data, "--report",
                dir.resolve("eval").toString());
        CliResult replay = CliResult.run("replay", "--model", model, "--data", data, "--report",
                dir.resolve("replay").toString(), "--no-live");

        assertThat(train.exitCode()).as(train.err()).isZero();
        assertThat(train.out()).contains("train 70, val 20, test 10 images", "Exported the best model");
        assertThat(dir.resolve("run").resolve("detector.png")).isRegularFile();
        assertThat(evaluate.exitCode()).as(evaluate.err()).isZero();
        assertThat(evaluate.out()).contains("Evaluating", "every face of the test split", "(10 images)");
        assertThat(dir.resolve("eval").resolve("pr-curves.png")).isRegularFile();
        assertThat(replay.exitCode()).as(replay.err()).isZero();
        assertThat(replay.out()).contains("10 frames -> 10 detections, 0 dead letters, 0 lost, 0 duplicates")
                .contains("stream = offline").doesNotContain("accuracy");
        assertThat(dir.resolve("replay").resolve("predictions.png")).isRegularFile();

        JsonNode streamed = new ObjectMapper().readTree(dir.resolve("replay").resolve("report.json").toFile());
        JsonNode offline = new ObjectMapper().readTree(dir.resolve("eval").resolve("report.json").toFile());
        JsonNode everyFace = streamed.get("everyFace");
        System.out.println("Every-face replay: " + everyFace);
        assertThat(everyFace.get("equal").asBoolean()).isTrue();
        assertThat(everyFace.get("streamMap50").asDouble())
                .isEqualTo(offline.get("detection").get("map50").asDouble());
        assertThat(everyFace.get("streamFaces").asInt()).isEqualTo(everyFace.get("offlineFaces").asInt());

        // The same weights with the flip test on in model.json: both halves run each frame and its mirror.
        Path flipped = dir.resolve("flipped");
        copyTree(Path.of(model), flipped);
        ObjectNode metadata = (ObjectNode) new ObjectMapper().readTree(flipped.resolve("model.json").toFile());
        ((ObjectNode) metadata.get("decode")).put("flipTest", true);
        new ObjectMapper().writeValue(flipped.resolve("model.json").toFile(), metadata);
        CliResult flipEvaluate = CliResult.run("evaluate", "--model", flipped.toString(), "--data", data, "--report",
                dir.resolve("flip-eval").toString());
        CliResult flipReplay = CliResult.run("replay", "--model", flipped.toString(), "--data", data, "--report",
                dir.resolve("flip-replay").toString(), "--no-live");

        assertThat(flipEvaluate.exitCode()).as(flipEvaluate.err()).isZero();
        assertThat(flipReplay.exitCode()).as(flipReplay.err()).isZero();
        assertThat(flipReplay.out()).contains("10 frames -> 10 detections, 0 dead letters, 0 lost, 0 duplicates");
        JsonNode flipStreamed = new ObjectMapper().readTree(dir.resolve("flip-replay").resolve("report.json").toFile())
                .get("everyFace");
        JsonNode flipOffline = new ObjectMapper().readTree(dir.resolve("flip-eval").resolve("report.json").toFile());
        System.out.println("Every-face replay with the flip test: " + flipStreamed);
        assertThat(flipStreamed.get("equal").asBoolean()).isTrue();
        assertThat(flipStreamed.get("streamMap50").asDouble())
                .isEqualTo(flipOffline.get("detection").get("map50").asDouble());
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Files.copy(p, to.resolve(from.relativize(p).toString()));
            }
        }
    }
}
