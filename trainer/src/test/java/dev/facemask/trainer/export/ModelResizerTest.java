package dev.facemask.trainer.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.facemask.inference.Prediction;
import dev.facemask.inference.SavedModelPredictor;
import dev.facemask.trainer.model.BoxHead;
import dev.facemask.trainer.model.CentreHead;
import dev.facemask.trainer.model.ModelConfig;
import dev.facemask.trainer.model.Preset;
import dev.facemask.vision.detect.CenterDecoder;
import dev.facemask.vision.detect.DecodeOptions;
import dev.facemask.vision.detect.DetectedFace;
import dev.facemask.vision.model.ModelMetadata;
import dev.facemask.vision.preprocess.Letterbox;
import dev.facemask.vision.preprocess.PreparedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** A trained dense model exported again at another input size keeps its weights and decoding. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ModelResizerTest {

    static final int N = 3;
    static final List<String> CLASSES = List.of("mask", "no-mask", "incorrect");
    static final DecodeOptions DECODE = new DecodeOptions(20, 0.05f, 0.6).withFlipTest(false);
    // The preset's own stages: model.json names the preset, and the resized graph is rebuilt from it.
    final ModelConfig config = ModelConfig.builder(Preset.DETECT_TINY).inputSize(64).numClasses(3).build();
    BrieflyTrainedDense trained;
    Path model;

    @BeforeAll
    void trainAndExport(@TempDir Path tmp) throws Exception {
        trained = BrieflyTrainedDense.train(config, N, 7);
        model = tmp.resolve("model");
        ModelExporter.export(config, trained.weights(), model,
                ModelExporter.metadata(config, CLASSES, Map.of("test_mAP@0.5", 0.5), "abc", DECODE));
    }

    @Test
    void shouldGiveTheSameFacesAtTheSameSize(@TempDir Path tmp) throws Exception {
        Path same = tmp.resolve("same");

        ModelResizer.resize(model, 64, same);

        List<Prediction> before = predict(model, trained.pixels(), 64);
        List<Prediction> after = predict(same, trained.pixels(), 64);
        int faces = 0;
        for (int i = 0; i < N; i++) {
            assertThat(after.get(i).faces()).hasSameSizeAs(before.get(i).faces());
            for (int f = 0; f < before.get(i).faces().size(); f++) {
                DenseExportTest.assertSameFace(after.get(i).faces().get(f), before.get(i).faces().get(f), 1e-5f);
            }
            faces += before.get(i).faces().size();
        }
        assertThat(faces).as("faces to compare").isPositive();
    }

    @Test
    void shouldRunTheTrainedWeightsAtTheNewSize(@TempDir Path tmp) throws Exception {
        Path larger = tmp.resolve("96");

        ModelMetadata meta = ModelResizer.resize(model, 96, larger);

        assertThat(meta.inputSize()).isEqualTo(96);
        assertThat(meta.outputGrid()).isEqualTo(24);
        assertThat(meta.heatmapSize()).isEqualTo(6);
        assertThat(meta.decodeOptions()).isEqualTo(DECODE);
        assertThat(meta.classes()).isEqualTo(CLASSES);
        assertThat(meta.metrics()).containsEntry("test_mAP@0.5", 0.5).containsEntry(ModelResizer.TRAINED_INPUT_SIZE, 64.0);
        assertThat(ModelMetadata.read(larger)).isEqualTo(meta);
        float[] pixels = BrieflyTrainedDense.noise(N * 96 * 96 * 3, 8);
        ModelConfig at96 = config.toBuilder().inputSize(96).build();
        List<List<DetectedFace>> expected;
        try (InferenceModel trainer = InferenceModel.create(at96, trained.weights())) {
            expected = trainer.denseMaps(pixels, N).decode(new CenterDecoder(DECODE));
        }
        List<Prediction> got = predict(larger, pixels, 96);
        int faces = 0;
        for (int i = 0; i < N; i++) {
            assertThat(got.get(i).faces()).hasSameSizeAs(expected.get(i));
            for (int f = 0; f < expected.get(i).size(); f++) {
                DenseExportTest.assertSameFace(got.get(i).faces().get(f), expected.get(i).get(f), 1e-4f);
            }
            faces += expected.get(i).size();
        }
        assertThat(faces).as("faces to compare").isPositive();
    }

    @Test
    void shouldRebuildEveryPresetsConfigurationFromItsModelJson() {
        List<ModelConfig> configs = new ArrayList<>();
        for (Preset preset : Preset.values()) {
            configs.add(ModelConfig.builder(preset).numClasses(3).build());
        }
        configs.add(ModelConfig.builder(Preset.SMALL).numClasses(2).channels(1).inputSize(160).boxHead(BoxHead.POOLED).build());
        configs.add(ModelConfig.builder(Preset.DETECT_SMALL).numClasses(3).inputSize(480).classBranch(64).build());
        configs.add(ModelConfig.builder(Preset.DETECT_TINY).numClasses(2).centreHead(CentreHead.PER_CLASS).build());
        for (ModelConfig c : configs) {
            List<String> classes = CLASSES.subList(0, c.numClasses());
            assertThat(ModelConfig.of(ModelExporter.metadata(c, classes, Map.of(), "abc", DECODE))).isEqualTo(c);
        }
    }

    @Test
    void shouldRefuseAnInputSizeTheStagesCannotDivide(@TempDir Path tmp) {
        assertThatThrownBy(() -> ModelResizer.resize(model, 100, tmp.resolve("100")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the dense head needs an input size divisible by 16 (the last stage's stride), was 100; try 112");
    }

    @Test
    void shouldRefuseASingleFaceModel(@TempDir Path tmp) throws Exception {
        ModelConfig single = ModelConfig.builder(Preset.TINY).numClasses(2).build();
        Path dir = tmp.resolve("single");
        java.nio.file.Files.createDirectories(dir);
        ModelExporter.metadata(single, List.of("mask", "no-mask"), Map.of(), "abc").write(dir);

        assertThatThrownBy(() -> ModelResizer.resize(dir, 128, tmp.resolve("out")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Model " + dir + " has the single-face head (tiny), whose box head reads a feature map of"
                        + " one fixed size; only a dense (detect-*) model can run at another input size");
    }

    @Test
    void shouldNameThePresetWhenTheWeightsAreNotItsOwn(@TempDir Path tmp) throws Exception {
        ModelConfig narrower = ModelConfig.builder(Preset.DETECT_TINY).inputSize(64).numClasses(3)
                .stages(List.of(8, 16, 32), List.of(1, 1, 1)).neck(8).build();
        Path dir = tmp.resolve("narrower");
        ModelExporter.export(narrower, BrieflyTrainedDense.train(narrower, 1, 3).weights(), dir,
                ModelExporter.metadata(narrower, CLASSES, Map.of(), "abc", DECODE));

        assertThatThrownBy(() -> ModelResizer.resize(dir, 96, tmp.resolve("out")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Model " + dir + " does not match the detect-tiny preset its model.json names (");
    }

    private static List<Prediction> predict(Path dir, float[] pixels, int side) {
        int per = side * side * 3;
        List<PreparedImage> images = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            float[] one = new float[per];
            System.arraycopy(pixels, i * per, one, 0, per);
            images.add(new PreparedImage(one, new Letterbox(side, side, side), 3));
        }
        try (SavedModelPredictor predictor = SavedModelPredictor.load(dir)) {
            return predictor.predict(images, false);
        }
    }
}
