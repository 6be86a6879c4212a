package dev.facemask.cli.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facemask.cli.CliResult;
import dev.facemask.inference.ModelFolder;
import dev.facemask.vision.model.ModelMetadata;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResizeCommandTest {

    @TempDir
    Path dir;

    @Test
    void shouldExportADenseModelAtTheNewSizeAndSayWhatItCosts() {
        Path model = dir.resolve("detect-tiny");
        Path out = dir.resolve("detect-tiny-288");
        assertThat(CliResult.run("model", "export-untrained", "--preset", "detect-tiny", "--out", model.toString())
                .exitCode()).isZero();

        CliResult run = CliResult.run("model", "resize", "--model", model.toString(), "--input-size", "288",
                "--out", out.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("Exported detect-tiny at 288 px (heatmap 72x72) to " + out
                + ", from 192 px (48x48): 2.25 times the work per frame" + System.lineSeparator());
        ModelMetadata metadata = ModelFolder.open(out).metadata();
        assertThat(metadata.inputSize()).isEqualTo(288);
        assertThat(metadata.outputGrid()).isEqualTo(72);
        assertThat(metadata.metrics()).containsEntry("trainedInputSize", 192.0);
    }

    @Test
    void shouldRefuseASizeTheModelCannotTakeWithExitTwo() {
        Path model = dir.resolve("detect-tiny");
        assertThat(CliResult.run("model", "export-untrained", "--preset", "detect-tiny", "--out", model.toString())
                .exitCode()).isZero();

        CliResult run = CliResult.run("model", "resize", "--model", model.toString(), "--input-size", "200",
                "--out", dir.resolve("out").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("the dense head needs an input size divisible by 16 (the last stage's stride), "
                + "was 200; try 208");
    }

    @Test
    void shouldNameAMissingModelFolder() {
        Path missing = dir.resolve("nothing");

        CliResult run = CliResult.run("model", "resize", "--model", missing.toString(), "--input-size", "480",
                "--out", dir.resolve("out").toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("Model folder not found: " + missing);
    }
}
