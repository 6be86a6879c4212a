package dev.facemask.trainer.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facemask.inference.SignatureNames;
import dev.facemask.trainer.SyntheticFaces;
import dev.facemask.trainer.fit.Batch;
import dev.facemask.trainer.fit.TrainingExample;
import dev.facemask.trainer.fit.TrainingOptions;
import dev.facemask.trainer.fit.TrainingSession;
import dev.facemask.trainer.model.ModelConfig;
import dev.facemask.trainer.model.ModelWeights;
import dev.facemask.trainer.model.Preset;
import dev.facemask.trainer.model.TensorArrays;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.types.TFloat32;

/**
 * The same folded model exported with its weights frozen into constants and as variables: the
 * same outputs bit for bit, the same weights read back, and no variable left in the frozen graph.
 */
class FrozenGraphTest {

    static final ModelConfig CONFIG = ModelConfig.builder(Preset.TINY).inputSize(64).numClasses(2)
            .stages(List.of(8, 16, 32), List.of(1, 1, 1)).build();
    static final int N = 3;

    @Test
    void shouldExportConstantsThatComputeAndReadBackAsTheVariablesDo(@TempDir Path tmp) throws IOException {
        List<TrainingExample> data = SyntheticFaces.generate(N, 64, 5);
        float[] pixels = SyntheticFaces.pack(data);
        ModelWeights trained;
        try (TrainingSession s = TrainingSession.create(CONFIG, TrainingOptions.builder().build())) {
            int[] labels = data.stream().mapToInt(TrainingExample::classId).toArray();
            float[] boxes = new float[N * 4];
            for (int i = 0; i < N; i++) {
                System.arraycopy(data.get(i).modelBox().toXywh(), 0, boxes, i * 4, 4);
            }
            for (int i = 0; i < 3; i++) {
                s.trainStep(new Batch(pixels, labels, boxes, N));
            }
            trained = s.modelWeights();
        }
        Path frozen = tmp.resolve("frozen");
        Path variables = tmp.resolve("variables");
        int weightCount;
        try (InferenceModel model = InferenceModel.createFolded(CONFIG, trained)) {
            model.exportSavedModel(frozen, true);
            model.exportSavedModel(variables, false);
            weightCount = BatchNormFoldingTest.count(variables, op -> op.type().equals("VariableV2"));
        }

        assertThat(weightCount).isGreaterThan(10);
        assertThat(BatchNormFoldingTest.count(frozen, op -> op.type().equals("VariableV2"))).isZero();
        assertThat(BatchNormFoldingTest.count(frozen, op -> op.type().equals("Const") && op.name().startsWith(FrozenGraph.WEIGHT_SCOPE)))
                .isEqualTo(weightCount);
        // Nothing of the loading machinery is left: no Assign, no placeholder that fed one.
        assertThat(BatchNormFoldingTest.count(frozen, op -> op.type().equals("Assign"))).isZero();
        assertThat(BatchNormFoldingTest.count(frozen, op -> op.type().equals("Placeholder") && op.name().endsWith("_feed"))).isZero();

        ModelWeights fromFrozen = ExportedWeights.read(frozen, name -> true, "Model", "weights");
        ModelWeights fromVariables = ExportedWeights.read(variables, name -> true, "Model", "weights");
        assertThat(fromFrozen.names()).containsExactlyInAnyOrderElementsOf(fromVariables.names());
        for (String name : fromVariables.names()) {
            assertThat(fromFrozen.get(name).shape()).as(name).isEqualTo(fromVariables.get(name).shape());
            assertThat(fromFrozen.get(name).values()).as(name).isEqualTo(fromVariables.get(name).values());
        }

        try (SavedModelBundle a = SavedModelBundle.load(frozen.toString(), SignatureNames.TAG);
                SavedModelBundle b = SavedModelBundle.load(variables.toString(), SignatureNames.TAG);
                TFloat32 in = TensorArrays.floats(pixels, N, 64, 64, 3)) {
            for (String signature : List.of(SignatureNames.SERVING, SignatureNames.GRADCAM)) {
                try (Result x = a.function(signature).call(Map.of(SignatureNames.INPUT_IMAGES, in));
                        Result y = b.function(signature).call(Map.of(SignatureNames.INPUT_IMAGES, in))) {
                    assertThat(x.size()).as(signature).isEqualTo(signature.equals(SignatureNames.SERVING) ? 2 : 3);
                    for (Map.Entry<String, org.tensorflow.Tensor> e : x) {
                        // The same kernels on the same numbers: equal within float rounding of fused kernels.
                        float[] expected = TensorArrays.values(y.get(e.getKey()).orElseThrow());
                        float[] actual = TensorArrays.values(e.getValue());
                        assertThat(actual).as(signature + "/" + e.getKey()).hasSameSizeAs(expected);
                        for (int i = 0; i < expected.length; i++) {
                            assertThat(actual[i]).as(signature + "/" + e.getKey() + "[" + i + "]")
                                    .isCloseTo(expected[i], org.assertj.core.api.Assertions.within(1e-5f));
                        }
                    }
                }
            }
        }
    }
}
