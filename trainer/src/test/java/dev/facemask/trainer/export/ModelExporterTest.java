package dev.facemask.trainer.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.facemask.inference.SignatureNames;
import dev.facemask.trainer.SyntheticFaces;
import dev.facemask.trainer.fit.Batch;
import dev.facemask.trainer.fit.TrainingExample;
import dev.facemask.trainer.fit.TrainingOptions;
import dev.facemask.trainer.fit.TrainingSession;
import dev.facemask.trainer.model.ModelConfig;
import dev.facemask.trainer.model.ModelWeights;
import dev.facemask.trainer.model.Predictions;
import dev.facemask.trainer.model.Preset;
import dev.facemask.trainer.model.TensorArrays;
import dev.facemask.vision.model.ModelMetadata;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.types.TFloat32;

class ModelExporterTest {

    // Pinned small stages: the export contract is under test, not the tiny preset of the day.
    static final ModelConfig CONFIG = ModelConfig.builder(Preset.TINY).inputSize(64).numClasses(2)
            .stages(List.of(8, 16, 32), List.of(1, 1, 1)).build();
    static final int N = 6;
    static List<TrainingExample> data;
    static float[] pixels;
    static ModelWeights weights;
    static Predictions trainerPredictions;

    /** A few Adam steps, so batch-norm moving averages and weights are no longer their initial values. */
    @BeforeAll
    static void train() {
        data = SyntheticFaces.generate(N, 64, 11);
        pixels = SyntheticFaces.pack(data);
        int[] labels = data.stream().mapToInt(TrainingExample::classId).toArray();
        float[] boxes = new float[N * 4];
        for (int i = 0; i < N; i++) {
            System.arraycopy(data.get(i).modelBox().toXywh(), 0, boxes, i * 4, 4);
        }
        try (TrainingSession s = TrainingSession.create(CONFIG, TrainingOptions.builder().build())) {
            for (int i = 0; i < 5; i++) {
                s.trainStep(new Batch(pixels, labels, boxes, N));
            }
            weights = s.modelWeights();
            trainerPredictions = s.predict(pixels, N);
        }
    }

    @Test
    void shouldReloadSavedModelWithTrainerOutputsForBothSignatures(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("model");
        ModelExporter.export(CONFIG, weights, dir, ModelExporter.metadata(CONFIG, List.of("masked", "unmasked"),
                Map.of("val_accuracy", 0.5), "abc"));
        GradCamOutputs inMemory;
        try (InferenceModel model = InferenceModel.create(CONFIG, weights)) {
            inMemory = model.gradCam(pixels, N);
        }
        try (SavedModelBundle bundle = SavedModelBundle.load(dir.toString(), SignatureNames.TAG);
                TFloat32 in = TensorArrays.floats(pixels, N, 64, 64, 3);
                Result serving = bundle.function(SignatureNames.SERVING).call(Map.of(SignatureNames.INPUT_IMAGES, in));
                Result gradcam = bundle.function(SignatureNames.GRADCAM).call(Map.of(SignatureNames.INPUT_IMAGES, in))) {
            assertClose(rows(serving, SignatureNames.OUTPUT_PROBABILITIES), trainerPredictions.probabilities());
            assertClose(rows(serving, SignatureNames.OUTPUT_BOXES), trainerPredictions.boxes());
            assertClose(rows(gradcam, SignatureNames.OUTPUT_PROBABILITIES), trainerPredictions.probabilities());
            assertClose(rows(gradcam, SignatureNames.OUTPUT_BOXES), trainerPredictions.boxes());
            float[][][] heatmaps = InferenceModel.heatmaps(gradcam.get(SignatureNames.OUTPUT_HEATMAP).orElseThrow());
            assertThat(heatmaps.length).isEqualTo(N);
            assertThat(heatmaps[0].length).isEqualTo(CONFIG.featureMapSize()).isEqualTo(4);
            assertThat(heatmaps[0][0].length).isEqualTo(4);
            int peaked = 0;
            for (int i = 0; i < N; i++) {
                float max = 0;
                for (int y = 0; y < 4; y++) {
                    for (int x = 0; x < 4; x++) {
                        assertThat(heatmaps[i][y][x]).isBetween(0f, 1f)
                                .isCloseTo(inMemory.heatmaps()[i][y][x], within(1e-5f));
                        max = Math.max(max, heatmaps[i][y][x]);
                    }
                }
                // Normalised by its own maximum: either exactly 1 at the peak or all zero.
                assertThat(max).isIn(0f, 1f);
                peaked += max == 1f ? 1 : 0;
            }
            assertThat(peaked).as("images with a non-empty heatmap").isGreaterThan(N / 2);
        }
        assertThat(ModelMetadata.read(dir).heatmapSize()).isEqualTo(4);
        assertThat(dir.resolve("saved_model.pb")).isRegularFile();
    }

    @Test
    void shouldRecordTheClassBranchInModelJson(@TempDir Path tmp) throws Exception {
        ModelConfig dense = ModelConfig.builder(dev.facemask.trainer.model.Preset.DETECT_TINY).numClasses(3).build();
        ModelExporter.metadata(dense.toBuilder().classBranch(24).build(), List.of("a", "b", "c"), Map.of(), "x").write(tmp);
        assertThat(ModelMetadata.read(tmp).classBranch()).isEqualTo(24);

        ModelExporter.metadata(dense, List.of("a", "b", "c"), Map.of(), "x").write(tmp);
        assertThat(ModelMetadata.read(tmp).classBranch()).isZero();
    }

    @Test
    void shouldRefuseMetadataWithOtherClassCount(@TempDir Path tmp) {
        ModelMetadata threeClasses = ModelExporter.metadata(CONFIG, List.of("a", "b", "c"), Map.of(), "x");
        assertThatThrownBy(() -> ModelExporter.export(CONFIG, weights, tmp.resolve("m"), threeClasses))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("model.json lists 3 classes [a, b, c] but the model has 2 outputs");
    }

    @Test
    void shouldRefuseNonEmptyFolder(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("old.txt"), "x");
        ModelMetadata meta = ModelExporter.metadata(CONFIG, List.of("masked", "unmasked"), Map.of(), "x");
        assertThatThrownBy(() -> ModelExporter.export(CONFIG, weights, tmp, meta))
                .hasMessageContaining("is not empty: choose a new folder or delete it first");
    }

    @Test
    void shouldFindTheFirstFreeFolderBesideAFilledOne(@TempDir Path tmp) throws Exception {
        Path model = tmp.resolve("model");
        assertThat(ModelExporter.freeFolder(model)).isEqualTo(model);
        Files.createDirectories(model);
        assertThat(ModelExporter.freeFolder(model)).as("empty").isEqualTo(model);
        Files.writeString(model.resolve("saved_model.pb"), "x");
        Files.createDirectories(tmp.resolve("model-1"));
        Files.writeString(tmp.resolve("model-1").resolve("old.txt"), "x");
        Files.writeString(tmp.resolve("model-2"), "a file, not a folder");

        assertThat(ModelExporter.freeFolder(model)).isEqualTo(tmp.resolve("model-3"));
    }

    @Test
    void shouldSayWhereTheModelGoesWhenItsFolderFilledDuringTraining(@TempDir Path tmp) throws Exception {
        Path model = Files.createDirectories(tmp.resolve("model"));
        Files.writeString(model.resolve("model.json"), "{}");
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();

        Path target = dev.facemask.trainer.pipeline.TrainingPipeline.exportFolder(model,
                new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8));

        assertThat(target).isEqualTo(tmp.resolve("model-1"));
        assertThat(bytes.toString(java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(model.toAbsolutePath()
                + " was filled while training; exporting to " + tmp.resolve("model-1").toAbsolutePath() + " instead"
                + System.lineSeparator());
    }

    private static float[][] rows(Result r, String name) {
        return TensorArrays.rows(r.get(name).orElseThrow(() -> new AssertionError("no output " + name)));
    }

    private static void assertClose(float[][] actual, float[][] expected) {
        assertThat(actual.length).isEqualTo(expected.length);
        for (int i = 0; i < expected.length; i++) {
            for (int j = 0; j < expected[i].length; j++) {
                assertThat(actual[i][j]).isCloseTo(expected[i][j], within(1e-5f));
            }
        }
    }
}
