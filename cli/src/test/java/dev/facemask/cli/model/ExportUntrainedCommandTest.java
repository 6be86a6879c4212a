package dev.facemask.cli.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facemask.cli.CliResult;
import dev.facemask.inference.ModelFolder;
import dev.facemask.vision.model.ModelMetadata;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportUntrainedCommandTest {

    @TempDir
    Path dir;

    @Test
    void shouldExportAModelFolderThatTheJobCanOpen() {
        Path out = dir.resolve("tiny-untrained");

        CliResult run = CliResult.run("model", "export-untrained", "--preset", "tiny", "--out", out.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("Exported an untrained tiny model to " + out + " (random weights: for load tests only)"
                + System.lineSeparator());
        assertThat(Files.isRegularFile(out.resolve("saved_model.pb"))).isTrue();
        ModelMetadata metadata = ModelFolder.open(out).metadata();
        assertThat(metadata.classes()).containsExactly("mask", "no-mask");
    }

    @Test
    void shouldRequireAnOutputFolder() {
        CliResult run = CliResult.run("model", "export-untrained", "--preset", "tiny");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Missing required option: '--out=DIR'");
    }
}
