package dev.facemask.cli.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facemask.cli.CliResult;
import dev.facemask.trainer.pipeline.InitialWeights;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's path through the real commands: synthetic data, a tiny model trained on the spot,
 * offline evaluation, then the test split replayed through embedded Kafka and a Flink mini-cluster.
 */
class TrainEvaluateReplayITCase {

    @Test
    void shouldStreamTheTestSplitAndMatchTheOfflineEvaluation(@TempDir Path dir) throws Exception {
        String data = dir.resolve("synth").toString();
        String model = dir.resolve("model").toString();
        assertThat(CliResult.run("data", "synth", "--out", data, "--images", "200", "--seed", "4").exitCode()).isZero();

        CliResult train = CliResult.run("train", "--data", data, "--out", model, "--preset", "tiny", "--input-size", "64",
                "--epochs", "2", "--batch", "16", "--run-dir", dir.resolve("run").toString());
        CliResult evaluate = CliResult.run("evaluate", "--model", model, "--data", data, "--report", dir.resolve("eval").toString());
        CliResult replay = CliResult.run("replay", "--model", model, "--data", data, "--report", dir.resolve("replay").toString(),
                "--no-live", "--grad-cam", "always");

        assertThat(train.exitCode()).as(train.err()).isZero();
        assertThat(train.out()).contains("200 single-face images (train 140, val 40, test 20)", "Exported the best model");
        assertThat(dir.resolve("run").resolve("history.csv")).isRegularFile();
        // --init-from: the single-face head starts from another model's backbone, and says so; a
        // backbone of another shape is refused by name.
        CliResult transfer = CliResult.run("train", "--data", data, "--out", dir.resolve("transfer").toString(),
                "--preset", "tiny", "--input-size", "64", "--epochs", "1", "--batch", "16", "--init-from", model,
                "--run-dir", dir.resolve("transfer-run").toString());
        assertThat(transfer.exitCode()).as(transfer.err()).isZero();
        assertThat(transfer.out()).contains("Started from " + InitialWeights.backboneOf(Path.of(model)).arrays().size()
                + " weight arrays of another model");
        CliResult mismatch = CliResult.run("train", "--data", data, "--out", dir.resolve("mismatch").toString(),
                "--preset", "small", "--input-size", "64", "--epochs", "1", "--init-from", model,
                "--run-dir", dir.resolve("mismatch-run").toString());
        assertThat(mismatch.exitCode()).isNotZero();
        assertThat(mismatch.err()).contains("--init-from weights do not fit small");
        assertThat(evaluate.exitCode()).as(evaluate.err()).isZero();
        assertThat(evaluate.out()).contains("20 images, 0 skipped");
        assertThat(replay.exitCode()).as(replay.err()).isZero();
        assertThat(replay.out()).contains("20 frames -> 20 detections, 0 dead letters, 0 lost, 0 duplicates")
                .contains("equal to offline evaluation");

        JsonNode streamed = new ObjectMapper().readTree(dir.resolve("replay").resolve("report.json").toFile());
        JsonNode offline = new ObjectMapper().readTree(dir.resolve("eval").resolve("report.json").toFile());
        assertThat(streamed.get("streaming").get("accuracy").asDouble())
                .isEqualTo(offline.get("metrics").get("accuracy").asDouble());
        assertThat(streamed.get("streaming").get("evaluated").asInt()).isEqualTo(20);
        assertThat(dir.resolve("replay").resolve("latency.png")).isRegularFile();
        assertThat(dir.resolve("replay").resolve("predictions.png")).isRegularFile();
    }
}
