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
import dev.facemask.trainer.model.BoxHead;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.types.TFloat32;

/**
 * The single-face box head's variants besides the default: the notebook upstream's pooled head and
 * the soft-argmax centroid head. Their own weights, recorded in model.json, exported and reloaded.
 */
class BoxHeadVariantsTest {

    static final ModelConfig POOLED = withBoxHead(BoxHead.POOLED);
    static final ModelConfig CENTROID = withBoxHead(BoxHead.CENTROID);

    static ModelConfig withBoxHead(BoxHead head) {
        return ModelConfig.builder(Preset.TINY).inputSize(64).numClasses(2)
                .stages(List.of(8, 16, 32), List.of(1, 1, 1)).boxHead(head).build();
    }

    @Test
    void shouldReadBoxesFromThePooledFeaturesThroughOneLinearLayer() {
        try (TrainingSession s = TrainingSession.create(POOLED, TrainingOptions.builder().build())) {
            ModelWeights w = s.modelWeights();
            assertThat(w.names()).contains("box_dense_w", "box_out_bn_beta")
                    .noneMatch(n -> n.startsWith("box_conv") || n.startsWith("box_dense1"));
            assertThat(w.arrays().get("box_dense_w").shape()).containsExactly(POOLED.featureChannels(), 4);
        }
    }

    @Test
    void shouldScoreEveryCellWithOneConvAndReadTheSizeThroughOneLinearLayer() {
        try (TrainingSession s = TrainingSession.create(CENTROID, TrainingOptions.builder().build())) {
            ModelWeights w = s.modelWeights();
            assertThat(w.names()).contains("box_heat_conv_w", "box_heat_conv_b", "box_size_dense_w", "box_size_bn_beta")
                    .noneMatch(n -> n.startsWith("box_conv") || n.startsWith("box_dense") || n.startsWith("box_out"));
            assertThat(w.arrays().get("box_heat_conv_w").shape()).containsExactly(1, 1, CENTROID.featureChannels(), 1);
            assertThat(w.arrays().get("box_size_dense_w").shape()).containsExactly(CENTROID.featureChannels(), 2);
        }
    }

    @Test
    void shouldStartTheCentroidHeadsSizeAtTheMeanBoxAndKeepItsCentreAmongTheCells() {
        List<TrainingExample> data = SyntheticFaces.generate(6, 64, 7);
        int cells = CENTROID.featureMapSize();
        try (TrainingSession s = TrainingSession.create(CENTROID, TrainingOptions.builder().build())) {
            s.startBoxesAt(new float[] {0.1f, 0.2f, 0.25f, 0.5f});
            float[] beta = s.modelWeights().arrays().get("box_size_bn_beta").values();
            assertThat(beta[0]).isCloseTo((float) Math.log(0.25 / 0.75), within(1e-6f));
            assertThat(beta[1]).isCloseTo(0f, within(1e-6f));
            for (float[] box : s.predict(SyntheticFaces.pack(data), data.size()).boxes()) {
                // The centre is a weighted mean of the cell centres, so it lies among them.
                assertThat(box[0] + box[2] / 2).isBetween(0.5f / cells, 1 - 0.5f / cells);
                assertThat(box[1] + box[3] / 2).isBetween(0.5f / cells, 1 - 0.5f / cells);
                assertThat(box[2]).isStrictlyBetween(0f, 1f);
                assertThat(box[3]).isStrictlyBetween(0f, 1f);
            }
        }
    }

    @Test
    void shouldKeepTheVariantThroughConfigAndModelJson(@TempDir Path tmp) throws Exception {
        assertThat(ModelConfig.builder(Preset.SEED).build().boxHead()).isEqualTo(BoxHead.CENTROID);
        assertThat(ModelConfig.builder(Preset.SMALL).build().boxHead()).isEqualTo(BoxHead.SPATIAL);
        assertThat(ModelConfig.builder(Preset.TINY).build().boxHead()).isEqualTo(BoxHead.SPATIAL);
        assertThat(POOLED.toBuilder().build()).isEqualTo(POOLED);
        assertThat(POOLED.toString()).contains("boxHead=pooled");
        assertThat(new ModelConfig(Preset.TINY, 64, 3, 2, 8, List.of(8), List.of(1), 2, 16, 4, 8, null, 0, null, 0).boxHead())
                .as("a checkpoint written before the option").isEqualTo(BoxHead.SPATIAL);
        ModelExporter.metadata(POOLED, List.of("a", "b"), Map.of(), "x").write(tmp);
        assertThat(ModelMetadata.read(tmp).boxHead()).isEqualTo("pooled");
        // A seed model.json written before the option has no boxHead: its head was the spatial one.
        ModelConfig oldSeed = ModelConfig.builder(Preset.SEED).boxHead(BoxHead.SPATIAL).build();
        Path old = Files.createDirectories(tmp.resolve("old"));
        ModelExporter.metadata(oldSeed, List.of("a", "b"), Map.of(), "x").write(old);
        Path json = old.resolve(ModelMetadata.FILE_NAME);
        Files.writeString(json, Files.readString(json).replaceAll("\\s*\"boxHead\"\\s*:\\s*\"spatial\"\\s*,", ""));
        assertThat(ModelMetadata.read(old).boxHead()).isNull();
        assertThat(ModelConfig.of(ModelMetadata.read(old))).isEqualTo(oldSeed);
        assertThatThrownBy(() -> BoxHead.parse("dense")).hasMessage("Unknown box head 'dense': use spatial, pooled or centroid");
    }

    @ParameterizedTest
    @EnumSource(value = BoxHead.class, names = {"POOLED", "CENTROID"})
    void shouldReloadTheExportedModelWithTheTrainersBoxes(BoxHead head, @TempDir Path tmp) throws Exception {
        ModelConfig config = withBoxHead(head);
        List<TrainingExample> data = SyntheticFaces.generate(4, 64, 5);
        float[] pixels = SyntheticFaces.pack(data);
        float[] boxes = new float[16];
        for (int i = 0; i < 4; i++) {
            System.arraycopy(data.get(i).modelBox().toXywh(), 0, boxes, i * 4, 4);
        }
        ModelWeights weights;
        Predictions expected;
        try (TrainingSession s = TrainingSession.create(config, TrainingOptions.builder().build())) {
            for (int i = 0; i < 3; i++) {
                s.trainStep(new Batch(pixels, data.stream().mapToInt(TrainingExample::classId).toArray(), boxes, 4));
            }
            weights = s.modelWeights();
            expected = s.predict(pixels, 4);
        }
        Path dir = tmp.resolve("model");
        ModelExporter.export(config, weights, dir, ModelExporter.metadata(config, List.of("a", "b"), Map.of(), "x"));
        try (SavedModelBundle bundle = SavedModelBundle.load(dir.toString(), SignatureNames.TAG);
                TFloat32 in = TensorArrays.floats(pixels, 4, 64, 64, 3);
                Result out = bundle.function(SignatureNames.SERVING).call(Map.of(SignatureNames.INPUT_IMAGES, in))) {
            float[][] reloaded = TensorArrays.rows(out.get(SignatureNames.OUTPUT_BOXES).orElseThrow());
            for (int i = 0; i < 4; i++) {
                for (int j = 0; j < 4; j++) {
                    assertThat(reloaded[i][j]).isCloseTo(expected.boxes()[i][j], within(1e-5f));
                }
            }
        }
        assertThat(ModelMetadata.read(dir).boxHead()).isEqualTo(head.id());
    }
}
