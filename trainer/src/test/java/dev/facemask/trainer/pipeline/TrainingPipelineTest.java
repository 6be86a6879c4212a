package dev.facemask.trainer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.facemask.trainer.evaluate.Evaluation;
import dev.facemask.trainer.evaluate.EvaluationOptions;
import dev.facemask.trainer.evaluate.EvaluationResult;
import dev.facemask.trainer.model.ModelConfig;
import dev.facemask.trainer.model.Preset;
import dev.facemask.vision.dataset.Split;
import dev.facemask.vision.model.ModelMetadata;
import dev.facemask.vision.synth.SyntheticFaceGenerator;
import dev.facemask.vision.synth.SyntheticOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Synthetic dataset on disk, through the split, training, export and evaluation: the `train` + `evaluate` path. */
class TrainingPipelineTest {

    @Test
    void shouldTrainExportAndEvaluateATinyModelOnASyntheticDataset(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("synth");
        new SyntheticFaceGenerator(SyntheticOptions.builder().images(300).seed(5).outputDir(data).build()).generate();
        Path modelDir = dir.resolve("model");
        ByteArrayOutputStream log = new ByteArrayOutputStream();

        TrainingPipeline.Result result = new TrainingPipeline(data, modelDir,
                ModelConfig.builder(Preset.TINY).inputSize(64),
                TrainingPipeline.defaults(Preset.TINY).epochs(2).batchSize(16).outputDir(dir.resolve("run")).build(),
                DatasetSplits.DEFAULT_SPLIT_SEED).run(new PrintStream(log, true));

        assertThat(result.splits().manifest().train()).hasSize(210);
        assertThat(result.splits().manifest().val()).hasSize(60);
        assertThat(result.splits().manifest().test()).hasSize(30);
        assertThat(result.training().history()).hasSize(2);
        assertThat(Files.exists(modelDir.resolve("saved_model.pb"))).isTrue();
        ModelMetadata metadata = ModelMetadata.read(modelDir);
        assertThat(metadata.classes()).containsExactly("mask", "no-mask");
        assertThat(metadata.inputSize()).isEqualTo(64);
        assertThat(metadata.dataFingerprint()).isEqualTo(result.splits().manifest().fingerprint(Split.TRAIN, result.splits().scan()));
        assertThat(log.toString()).contains("300 single-face images (train 210, val 60, test 30); 0 multi-face images left out");

        EvaluationResult eval = Evaluation.run(EvaluationOptions.builder().modelDir(modelDir)
                .samples(result.splits().samples(Split.TEST)).outputDir(dir.resolve("report")).build());
        assertThat(eval.report().metrics().evaluated()).isEqualTo(30);
        assertThat(Files.exists(dir.resolve("report").resolve("report.json"))).isTrue();
    }

    @Test
    void shouldAddOneCropPerFaceOfTheMultiFaceTrainingPhotosWithFaceCrops(@TempDir Path dir) throws Exception {
        Path root = dir.resolve("mixed");
        Path obj = Files.createDirectories(root.resolve("obj"));
        Files.writeString(root.resolve("obj.names"), "mask\nno-mask\n");
        for (int i = 0; i < 20; i++) {
            writePhoto(obj.resolve("single" + i + ".png"), "0 0.5 0.5 0.3 0.3\n");
        }
        // Two 48 px faces 160 px apart in a 320 x 160 photo: every crop holds one face alone.
        for (int i = 0; i < 10; i++) {
            writePhoto(obj.resolve("pair" + i + ".png"), "0 0.2 0.5 0.15 0.3\n1 0.8 0.5 0.15 0.3\n");
        }
        ByteArrayOutputStream log = new ByteArrayOutputStream();

        TrainingPipeline.Result result = new TrainingPipeline(root, dir.resolve("model"),
                ModelConfig.builder(Preset.TINY).inputSize(64),
                TrainingPipeline.defaults(Preset.TINY).epochs(1).batchSize(8).outputDir(dir.resolve("run")).build(),
                DatasetSplits.DEFAULT_SPLIT_SEED).faceCrops(FaceCropOptions.DEFAULTS.withBoxWeight(0.25)).run(new PrintStream(log, true));

        DatasetSplits all = DatasetSplits.openAllFaces(root, DatasetSplits.DEFAULT_SPLIT_SEED);
        long pairs = all.manifest().train().stream().filter(p -> p.contains("pair")).count();
        assertThat(all.manifest().train()).hasSize(21);
        assertThat(pairs).isBetween(1L, 10L);
        assertThat(log.toString()).contains("Face crops: " + 2 * pairs + " of the " + 2 * pairs + " faces in " + pairs
                + " multi-face training photos (faces under 32 px or crowded by others left out); by class mask "
                + pairs + ", no-mask " + pairs + ", single-face photos mask " + (21 - pairs) + ", no-mask 0; a crop's box at"
                + " weight 0.25 of a photo's");
        assertThat(result.splits().manifest().train()).hasSize((int) (21 - pairs));
        assertThat(result.training().history()).hasSize(1);
        java.awt.image.BufferedImage sheet = javax.imageio.ImageIO.read(
                dir.resolve("run").resolve(TrainingPipeline.FACE_CROPS_PNG).toFile());
        assertThat(sheet.getWidth()).isEqualTo(8 * 160);
        assertThat(sheet.getHeight()).isEqualTo((int) (2 * pairs + 7) / 8 * 160);
    }

    private static void writePhoto(Path file, String labels) throws java.io.IOException {
        java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(320, 160,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = image.createGraphics();
        g.setColor(java.awt.Color.ORANGE);
        g.fillRect(40, 56, 48, 48);
        g.dispose();
        javax.imageio.ImageIO.write(image, "png", file.toFile());
        Files.writeString(file.resolveSibling(file.getFileName().toString().replace(".png", ".txt")), labels);
    }

    @Test
    void shouldRefuseADatasetWithoutUsableImages(@TempDir Path dir) throws Exception {
        Path obj = Files.createDirectories(dir.resolve("crowd/obj"));
        javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(32, 32, java.awt.image.BufferedImage.TYPE_INT_RGB),
                "jpg", obj.resolve("a.jpg").toFile());
        Files.writeString(obj.resolve("a.txt"), "0 0.3 0.3 0.2 0.2\n1 0.7 0.7 0.2 0.2\n");

        assertThatThrownBy(() -> DatasetSplits.open(dir.resolve("crowd"), 42))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has no usable single-face image (1 valid images, 1 dropped)");
    }
}
