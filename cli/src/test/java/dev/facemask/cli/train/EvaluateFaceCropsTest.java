package dev.facemask.cli.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facemask.cli.CliResult;
import dev.facemask.vision.synth.IntRange;
import dev.facemask.vision.synth.SceneOptions;
import dev.facemask.vision.synth.SyntheticSceneGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code evaluate --face-crops}: a single-face model scored on the faces of multi-face photos. */
class EvaluateFaceCropsTest {

    @TempDir
    static Path dir;

    @BeforeAll
    static void scenes() throws Exception {
        new SyntheticSceneGenerator(SceneOptions.builder().images(30).seed(3).faces(new IntRange(2, 3))
                .faceSize(new IntRange(40, 90)).imageSide(IntRange.of(320)).outputDir(dir.resolve("scenes")).build())
                .generate();
        // The untrained models have two classes: the worn-incorrectly faces count as no-mask here.
        Path scenes = dir.resolve("scenes");
        Files.writeString(scenes.resolve("obj.names"), "mask\nno-mask\n");
        try (Stream<Path> labels = Files.list(scenes.resolve("obj"))) {
            for (Path txt : labels.filter(p -> p.toString().endsWith(".txt")).toList()) {
                Files.writeString(txt, Files.readString(txt).replaceAll("(?m)^2 ", "1 "));
            }
        }
    }

    @Test
    void shouldEvaluateASingleFaceModelOnOneCropPerFaceOfTheSplitsCrowdPhotos() throws Exception {
        Path model = dir.resolve("tiny");
        CliResult export = CliResult.run("model", "export-untrained", "--preset", "tiny", "--out", model.toString());
        assertThat(export.exitCode()).as(export.err()).isZero();
        Path report = dir.resolve("tiny-report");

        CliResult run = CliResult.run("evaluate", "--model", model.toString(), "--data", dir.resolve("scenes").toString(),
                "--split", "val", "--face-crops", "--report", report.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        long pngs;
        try (Stream<Path> files = Files.list(report.resolve("face-crops"))) {
            pngs = files.filter(p -> p.toString().endsWith(".png")).count();
        }
        Matcher line = Pattern.compile("Face crops: (\\d+) of the (\\d+) faces in the 6 multi-face photos of the split"
                + " \\(faces under 32 px or crowded by others left out\\)").matcher(run.out());
        assertThat(line.find()).as(run.out()).isTrue();
        long crops = Long.parseLong(line.group(1));
        assertThat(crops).isEqualTo(pngs).isPositive().isLessThanOrEqualTo(Long.parseLong(line.group(2)));
        assertThat(Long.parseLong(line.group(2))).isBetween(12L, 18L); // 2 or 3 faces in each of the 6 photos
        assertThat(run.out()).contains("(" + crops + " face crops)", "the majority class alone");
        JsonNode json = new ObjectMapper().readTree(report.resolve("report.json").toFile());
        assertThat(json.get("metrics").get("evaluated").asLong()).isEqualTo(crops);
    }

    @Test
    void shouldRefuseFaceCropsForAnEveryFaceModel() {
        Path model = dir.resolve("detect-tiny");
        CliResult export = CliResult.run("model", "export-untrained", "--preset", "detect-tiny", "--out", model.toString());
        assertThat(export.exitCode()).as(export.err()).isZero();

        CliResult run = CliResult.run("evaluate", "--model", model.toString(), "--data", dir.resolve("scenes").toString(),
                "--face-crops");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--face-crops is for single-face models: " + model
                + " finds every face of every photo itself");
    }
}
