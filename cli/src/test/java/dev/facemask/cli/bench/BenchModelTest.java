package dev.facemask.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facemask.trainer.model.ModelConfig;
import dev.facemask.trainer.model.ModelSummary;
import dev.facemask.trainer.model.Preset;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code bench stream} counts as one frame's work, from {@code model.json}. */
class BenchModelTest {

    @TempDir
    Path dir;

    @Test
    void shouldCountTwoPassesPerFrameOnlyWithTheFlipTestOfADenseModel() throws Exception {
        assertThat(BenchModel.passesPerFrame(model("flip", "dense", true))).isEqualTo(2);
        assertThat(BenchModel.passesPerFrame(model("plain", "dense", false))).isEqualTo(1);
        assertThat(BenchModel.passesPerFrame(model("single", "single", false))).isEqualTo(1);
    }

    @Test
    void shouldCountTheClassBranchThatModelJsonRecords() throws Exception {
        Path plain = model("plain", "dense", false);
        Path branched = model("branched", "dense", false);
        Files.writeString(branched.resolve("model.json"),
                Files.readString(branched.resolve("model.json")).replace("\"centres\"", "\"classBranch\": 16, \"centres\""));
        ModelConfig config = ModelConfig.builder(Preset.DETECT_TINY).inputSize(128).numClasses(3).build();

        assertThat(BenchModel.gflopsPerImage(plain)).isEqualTo(ModelSummary.of(config).gflopsPerImage());
        assertThat(BenchModel.gflopsPerImage(branched))
                .isEqualTo(ModelSummary.of(config.toBuilder().classBranch(16).build()).gflopsPerImage())
                .isGreaterThan(BenchModel.gflopsPerImage(plain));
    }

    private Path model(String name, String head, boolean flip) throws Exception {
        Path model = Files.createDirectories(dir.resolve(name));
        String decode = head.equals("dense")
                ? ", \"outputGrid\": 32, \"centres\": \"objectness\", \"decode\": {\"topK\": 100, \"scoreThreshold\": 0.1,"
                        + " \"nmsIou\": 0.4, \"voteRadius\": 1, \"flipTest\": " + flip + "}"
                : "";
        Files.writeString(model.resolve("model.json"), "{\"name\": \"m\", \"version\": \"1\", \"preset\": \"detect-tiny\","
                + " \"classes\": [\"mask\", \"no-mask\", \"incorrect\"], \"inputSize\": 128, \"channels\": 3, \"head\": \""
                + head + "\"" + decode + "}");
        return model;
    }
}
