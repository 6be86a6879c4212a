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
