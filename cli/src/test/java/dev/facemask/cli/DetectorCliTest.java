package dev.facemask.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facemask.vision.synth.SyntheticFaceGenerator;
import dev.facemask.vision.synth.SyntheticOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import org.junit.jupiter.api.io.TempDir;

class DetectorCliTest {

    @Test
    void shouldListEveryCommandInHelp() {
        CliResult r = CliResult.run("--help");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("demo", "data", "model", "train", "evaluate", "gradcam", "job", "produce", "consume",
                "replay", "view", "schema", "stack", "deploy", "bench");
    }

    /** A stray {@code %} in a description makes picocli print a warning and the raw text instead of the help. */
    @Test
    void shouldRenderTheHelpOfEveryCommandWithoutAFormatWarning() {
        PrintStream original = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> rendered = new ArrayList<>();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            renderAll(DetectorCli.commandLine(), rendered);
        } finally {
            System.setErr(original);
        }
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(rendered).contains("detector data synth", "detector train", "detector bench");
    }

    private static void renderAll(CommandLine cmd, List<String> rendered) {
        assertThat(cmd.getUsageMessage()).isNotBlank();
        rendered.add(cmd.getCommandSpec().qualifiedName());
        cmd.getSubcommands().values().forEach(sub -> renderAll(sub, rendered));
    }

    @Test
    void shouldPrintVersions() {
        CliResult r = CliResult.run("--version");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("Flink 2.2.1", "Kafka 4.2.0", "DJL 0.36.0");
    }

    @Test
    void shouldExitWithTwoAndNameTheOptionOnBadUsage() {
        CliResult r = CliResult.run("data", "synth", "--out", "x", "--images", "many");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("error: Invalid value for option '--images': 'many' is not an int")
                .contains("Try `detector data synth --help`.");
    }

    @Test
    void shouldRefuseAnUnknownPrecisionByNameOnEveryCommandThatTakesOne(@TempDir Path dir) {
        String model = dir.resolve("model").toString();
        String data = dir.resolve("data").toString();
        for (String[] args : List.of(
                new String[] {"evaluate", "--model", model, "--data", data, "--precision", "fp16"},
                new String[] {"bench", "stream", "--model", model, "--precision", "fp16"},
                new String[] {"bench", "profile", "--model", model, "--precision", "fp16"},
                new String[] {"job", "--model", model, "--precision", "fp16"})) {
            CliResult r = CliResult.run(args);

            assertThat(r.exitCode()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.err()).as(String.join(" ", args))
                    .contains("Invalid value for option '--precision': 'fp16' is not a precision: use fp32 or bf16");
        }
    }

    @Test
    void shouldAcceptBothPrecisionsAndDefaultToFp32() {
        for (String precision : List.of("fp32", "bf16", "BF16")) {
            CommandLine evaluate = DetectorCli.commandLine();
            evaluate.parseArgs("evaluate", "--model", "m", "--data", "d", "--precision", precision);
            Object parsed = evaluate.getSubcommands().get("evaluate").getParseResult()
                    .matchedOptionValue("--precision", (Object) null);
            assertThat(String.valueOf(parsed)).isEqualTo(precision.toLowerCase(java.util.Locale.ROOT));
        }
        CommandLine stream = DetectorCli.commandLine();
        stream.parseArgs("bench", "stream");
        assertThat(stream.getSubcommands().get("bench").getSubcommands().get("stream").getCommandSpec()
                .findOption("--precision").getValue().toString()).isEqualTo("fp32");
    }

    @Test
    void shouldParseTheClassScoringAndRefuseAnUnknownOneByName(@TempDir Path dir) {
        CommandLine evaluate = DetectorCli.commandLine();
        evaluate.parseArgs("evaluate", "--model", "m", "--data", "d");
        assertThat(evaluate.getSubcommands().get("evaluate").getCommandSpec().findOption("--class-scoring").<Object>getValue())
                .isEqualTo(dev.facemask.vision.evaluate.ClassScoring.TOP_CLASS);
        evaluate.parseArgs("evaluate", "--model", "m", "--data", "d", "--class-scoring", "every");
        assertThat(evaluate.getSubcommands().get("evaluate").getCommandSpec().findOption("--class-scoring").<Object>getValue())
                .isEqualTo(dev.facemask.vision.evaluate.ClassScoring.EVERY_CLASS);

        CliResult r = CliResult.run("evaluate", "--model", dir.resolve("m").toString(), "--data",
                dir.resolve("d").toString(), "--class-scoring", "all");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("Invalid value for option '--class-scoring': Unknown class scoring 'all': use top or every");
        assertThat(CliResult.run("evaluate", "--help").out()).contains("Default: the one train and replay use, top.");
    }

    @Test
    void shouldRequireAModelAndDataForBenchPrecision() {
        CliResult r = CliResult.run("bench", "precision", "--model", "m");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("Missing required option: '--data=DIR|archive.zip'");
    }

    @Test
    void shouldRefuseAnUnknownWeightStorageAndNameTheChoices(@TempDir Path dir) {
        CliResult r = CliResult.run("model", "convert", "--model", dir.toString(), "--weights", "floats",
                "--out", dir.resolve("out").toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("Invalid value for option '--weights': expected one of [CONSTANTS, VARIABLES]")
                .contains("'floats'");
    }

    @Test
    void shouldExitWithTwoOnAnUnknownPreset() {
        CliResult r = CliResult.run("model", "summary", "--preset", "huge");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("Unknown preset 'huge': use one of [seed, small, tiny, detect-seed, detect-small, detect-tiny]");
    }

    @Test
    void shouldExitWithTwoAndNameTheImageWhenItIsAFolder(@TempDir Path dir) {
        CliResult r = CliResult.run("gradcam", "--model", dir.resolve("nope").toString(),
                "--image", dir.toString(), "--out", dir.resolve("o.png").toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--image " + dir + " is not a file");
    }

    @Test
    void shouldFailWithOneWhenTheDatasetFolderHoldsNoDataset(@TempDir Path dir) {
        CliResult r = CliResult.run("data", "inspect", dir.toString());

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: No dataset found in " + dir);
    }

    @Test
    void shouldExitWithTwoAndNameTheDenseTrainingOptionThatIsOutOfRange(@TempDir Path dir) {
        CliResult ema = CliResult.run("train", "--data", dir.toString(), "--out", dir.resolve("m").toString(),
                "--preset", "detect-tiny", "--ema", "1.5");
        CliResult offsets = CliResult.run("train", "--data", dir.toString(), "--out", dir.resolve("m").toString(),
                "--preset", "detect-tiny", "--offset-loss", "pixels");
        CliResult boxes = CliResult.run("train", "--data", dir.toString(), "--out", dir.resolve("m").toString(),
                "--preset", "detect-tiny", "--dense-box-loss", "diou");
        CliResult containment = CliResult.run("train", "--data", dir.toString(), "--out", dir.resolve("m").toString(),
                "--preset", "detect-tiny", "--nms-containment", "0");
        CliResult zeroTime = CliResult.run("train", "--data", dir.toString(), "--out", dir.resolve("m").toString(),
                "--preset", "detect-tiny", "--time-limit", "0s");
        CliResult vagueTime = CliResult.run("train", "--data", dir.toString(), "--out", dir.resolve("m").toString(),
                "--preset", "detect-tiny", "--time-limit", "soon");
        CliResult branch = CliResult.run("train", "--data", dir.toString(), "--out", dir.resolve("m").toString(),
                "--preset", "detect-tiny", "--centres", "per-class", "--class-branch", "32");
        CliResult unweightedFaces = CliResult.run("train", "--data", dir.toString(), "--out", dir.resolve("m").toString(),
                "--preset", "detect-tiny", "--class-weighted-faces");
        CliResult copyPaste = CliResult.run("train", "--data", dir.toString(), "--out", dir.resolve("m").toString(),
                "--preset", "detect-tiny", "--copy-paste", "1.5");
        CliResult perClassFaces = CliResult.run("train", "--data", dir.toString(), "--out", dir.resolve("m").toString(),
                "--preset", "detect-tiny", "--centres", "per-class", "--class-weights", "balanced", "--class-weighted-faces");

        assertThat(ema.exitCode()).isEqualTo(2);
        assertThat(ema.err()).contains("weightAverageDecay must be in [0, 1), was 1.5");
        assertThat(offsets.exitCode()).isEqualTo(2);
        assertThat(offsets.err()).contains("--offset-loss", "CELLS", "RELATIVE", "'pixels'");
        assertThat(boxes.exitCode()).isEqualTo(2);
        assertThat(boxes.err()).contains("--dense-box-loss", "L1", "GIOU", "'diou'");
        assertThat(containment.exitCode()).isEqualTo(2);
        assertThat(containment.err()).contains("nmsContainment must be in (0, 1] (1 turns it off), was 0.0");
        assertThat(zeroTime.exitCode()).isEqualTo(2);
        assertThat(zeroTime.err()).contains("timeLimit must be positive, was PT0S");
        assertThat(vagueTime.exitCode()).isEqualTo(2);
        assertThat(vagueTime.err()).contains("--time-limit", "'soon' is not a duration");
        assertThat(branch.exitCode()).isEqualTo(2);
        assertThat(branch.err()).contains(
                "a class branch needs a detect-* preset with the objectness centre head (--centres objectness)");
        assertThat(unweightedFaces.exitCode()).isEqualTo(2);
        assertThat(unweightedFaces.err()).contains("--class-weighted-faces needs --class-weights (balanced or W,W,..)");
        assertThat(copyPaste.exitCode()).isEqualTo(2);
        assertThat(copyPaste.err()).contains("copy-paste is a probability in [0, 1], was 1.5");
        assertThat(perClassFaces.exitCode()).isEqualTo(2);
        assertThat(perClassFaces.err()).contains("--class-weighted-faces is for the objectness centre head; per-class"
                + " heatmaps take --class-weights themselves");
    }

    @Test
    void shouldRefuseFaceCropsForADensePresetAndASmallestFaceBelowOnePixel(@TempDir Path dir) throws Exception {
        new SyntheticFaceGenerator(SyntheticOptions.builder().images(6).seed(1).outputDir(dir.resolve("synth")).build())
                .generate();
        CliResult dense = CliResult.run("train", "--data", dir.resolve("synth").toString(), "--out",
                dir.resolve("m").toString(), "--preset", "detect-tiny", "--face-crops");
        CliResult zero = CliResult.run("train", "--data", dir.resolve("synth").toString(), "--out",
                dir.resolve("m").toString(), "--preset", "tiny", "--face-crops", "--face-crop-min-size", "0");

        assertThat(dense.exitCode()).isEqualTo(2);
        assertThat(dense.err()).contains("--face-crops is for the single-face presets: detect-tiny already trains on"
                + " every face of every photo");
        assertThat(zero.exitCode()).isEqualTo(2);
        assertThat(zero.err()).contains("--face-crop-min-size: The smallest face to crop must be at least 1 pixel, was 0");
        CliResult weight = CliResult.run("train", "--data", dir.resolve("synth").toString(), "--out",
                dir.resolve("m").toString(), "--preset", "tiny", "--face-crops", "--face-crop-box-weight", "-0.5");
        assertThat(weight.exitCode()).isEqualTo(2);
        assertThat(weight.err()).contains("--face-crop-box-weight: A crop's box weight must be in 0..1, was -0.5");
    }

    @Test
    void shouldNotRepeatASecretFromAMistypedOption() {
        CliResult r = CliResult.run("job", "--model", "m", "--kafka-propety", "ssl.key.password=hunter2");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--kafka-propety").doesNotContain("hunter2");
    }

    @Test
    void shouldPrintTheTinyModelSummary() {
        CliResult r = CliResult.run("model", "summary", "--preset", "tiny");

        assertThat(r.exitCode()).isZero();
        // 216,002 since the tiny box head (576 inputs) keeps the notebook's plain layers again (issue 9, BoxHeadNormalisationTest).
        assertThat(r.out()).contains("Total params: 216,002", "GFLOPs per image at 96x96x3");
    }

    @Test
    void shouldPrintTheDenseTinyModelSummary() {
        CliResult r = CliResult.run("model", "summary", "--preset", "detect-tiny");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("detect-tiny[192x192x3", "neck=32, stride=4, centres=objectness", "Total params: 175,027",
                "0.20 GFLOPs per image at 192x192x3");
    }

    @Test
    void shouldGenerateAndInspectASyntheticDataset(@TempDir Path dir) {
        CliResult synth = CliResult.run("data", "synth", "--out", dir.resolve("s").toString(), "--images", "20", "--seed", "3");
        CliResult inspect = CliResult.run("data", "inspect", dir.resolve("s").toString(), "--out", dir.resolve("g.png").toString());

        assertThat(synth.exitCode()).isZero();
        assertThat(synth.out()).startsWith("Wrote 20 images (");
        assertThat(inspect.exitCode()).isZero();
        assertThat(inspect.out()).contains("images with annotations  20", "single-object images     20",
                "dropped files            0", "Wrote a grid of 16 samples");
        assertThat(dir.resolve("g.png")).isRegularFile();
    }
}
