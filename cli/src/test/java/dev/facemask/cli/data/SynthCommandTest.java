package dev.facemask.cli.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facemask.cli.CliResult;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SynthCommandTest {

    @TempDir
    Path dir;

    @Test
    void shouldWriteScenesWithinTheChosenRanges() throws IOException {
        CliResult r = CliResult.run("data", "synth", "--out", dir.toString(), "--images", "6", "--scenes",
                "--faces", "2-3", "--image-size", "200", "--face-size", "16-40", "--seed", "1");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("Wrote 6 scenes with ").contains(" worn incorrectly) to " + dir.toAbsolutePath());
        assertThat(Files.readString(dir.resolve("obj.names"))).isEqualTo("mask\nno-mask\nmask-worn-incorrectly\n");
        List<Path> labels = files(".txt");
        assertThat(labels).hasSize(6);
        for (Path label : labels) {
            List<String> lines = Files.readAllLines(label);
            assertThat(lines.size()).as(label.toString()).isBetween(2, 3);
            for (String line : lines) {
                double heightPx = Double.parseDouble(line.split(" ")[4]) * 200;
                assertThat(heightPx).isBetween(16 - 0.001, 40 + 0.001);
            }
        }
        BufferedImage first = ImageIO.read(dir.resolve("obj/synth_000000.jpg").toFile());
        assertThat(first.getWidth()).isEqualTo(200);
        assertThat(first.getHeight()).isEqualTo(200);
    }

    @Test
    void shouldRefuseFaceRangesOutsideOneToEight() {
        for (String faces : List.of("0-3", "9-2", "2-9")) {
            CliResult r = CliResult.run("data", "synth", "--out", dir.toString(), "--scenes", "--faces", faces);

            assertThat(r.exitCode()).as(faces).isEqualTo(2);
            assertThat(r.err()).as(faces).isEqualTo("error: Faces per image must be a range within 1-8 with MIN <= MAX, "
                    + "like 1-8 or 3; was " + faces + System.lineSeparator());
        }
    }

    @Test
    void shouldRefuseARangeThatIsNotNumbers() {
        CliResult r = CliResult.run("data", "synth", "--out", dir.toString(), "--scenes", "--faces", "one-eight");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("Invalid value for option '--faces': 'one-eight' is not a range: "
                + "write MIN-MAX, like 1-8, or one number");
    }

    @Test
    void shouldRefuseAnImageSizeTooSmallForTheFaces() {
        CliResult r = CliResult.run("data", "synth", "--out", dir.toString(), "--scenes", "--image-size", "32");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: Image size must be a range within 64-4096 pixels with MIN <= MAX, "
                + "like 320 or 256-640; was 32");
    }

    @Test
    void shouldRefuseSceneOptionsWithoutScenesAndSingleFaceOptionsWithThem() {
        CliResult noScenes = CliResult.run("data", "synth", "--out", dir.toString(), "--faces", "2-3");
        CliResult both = CliResult.run("data", "synth", "--out", dir.toString(), "--scenes", "--faces-per-image", "2");

        assertThat(noScenes.exitCode()).isEqualTo(2);
        assertThat(noScenes.err()).startsWith("error: --faces applies to scenes only: add --scenes, or use --faces-per-image");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).startsWith("error: --faces-per-image is for single-face images; with --scenes use --faces MIN-MAX");
        assertThat(dir.resolve("obj")).doesNotExist();
    }

    private List<Path> files(String suffix) throws IOException {
        try (Stream<Path> s = Files.list(dir.resolve("obj"))) {
            return s.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
        }
    }
}
