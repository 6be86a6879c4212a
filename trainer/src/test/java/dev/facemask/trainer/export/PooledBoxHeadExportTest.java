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
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.types.TFloat32;

/** The notebook upstream's pooled box head: its own weights, recorded in model.json, exported and reloaded. */
class PooledBoxHeadExportTest {

    static final ModelConfig POOLED = ModelConfig.builder(Preset.TINY).inputSize(64).numClasses(2)
            .stages(List.of(8, 16, 32), List.of(1, 1, 1)).boxHead(BoxHead.POOLED).build();

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
    void shouldKeepTheVariantThroughConfigAndModelJson(@TempDir Path tmp) throws Exception {
        assertThat(ModelConfig.builder(Preset.SEED).build().boxHead()).isEqualTo(BoxHead.SPATIAL);
        assertThat(POOLED.toBuilder().build()).isEqualTo(POOLED);
        assertThat(POOLED.toString()).contains("boxHead=pooled");
        assertThat(new ModelConfig(Preset.TINY, 64, 3, 2, 8, List.of(8), List.of(1), 2, 16, 4, 8, null, 0, null, 0).boxHead())
                .as("a checkpoint written before the option").isEqualTo(BoxHead.SPATIAL);
        ModelExporter.metadata(POOLED, List.of("a", "b"), Map.of(), "x").write(tmp);
        assertThat(ModelMetadata.read(tmp).boxHead()).isEqualTo("pooled");
        assertThatThrownBy(() -> BoxHead.parse("dense")).hasMessage("Unknown box head 'dense': use spatial or pooled");
    }

    @Test
    void shouldReloadExportedPooledModelWithTheTrainersBoxes(@TempDir Path tmp) throws Exception {
        List<TrainingExample> data = SyntheticFaces.generate(4, 64, 5);
        float[] pixels = SyntheticFaces.pack(data);
        float[] boxes = new float[16];
        for (int i = 0; i < 4; i++) {
            System.arraycopy(data.get(i).modelBox().toXywh(), 0, boxes, i * 4, 4);
        }
        ModelWeights weights;
        Predictions expected;
        try (TrainingSession s = TrainingSession.create(POOLED, TrainingOptions.builder().build())) {
            for (int i = 0; i < 3; i++) {
                s.trainStep(new Batch(pixels, data.stream().mapToInt(TrainingExample::classId).toArray(), boxes, 4));
            }
            weights = s.modelWeights();
            expected = s.predict(pixels, 4);
        }
        Path dir = tmp.resolve("model");
        ModelExporter.export(POOLED, weights, dir, ModelExporter.metadata(POOLED, List.of("a", "b"), Map.of(), "x"));
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
        assertThat(ModelMetadata.read(dir).boxHead()).isEqualTo("pooled");
    }
}
