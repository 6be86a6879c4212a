package dev.facemask.trainer.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.facemask.inference.SignatureNames;
import dev.facemask.trainer.export.ModelConverter.WeightStorage;
import dev.facemask.trainer.fit.DenseTrainingSession;
import dev.facemask.trainer.fit.TrainingOptions;
import dev.facemask.trainer.model.ModelConfig;
import dev.facemask.trainer.model.ModelWeights;
import dev.facemask.trainer.model.Preset;
import dev.facemask.trainer.model.TensorArrays;
import dev.facemask.vision.model.ModelMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.types.TFloat32;

/** A dense model converted to variables and back to constants computes what the first export did, within float rounding. */
class ModelConverterTest {

    /** The preset's own layers: model.json names the preset, and conversion rebuilds the graph from it. */
    static final ModelConfig CONFIG = ModelConfig.builder(Preset.DETECT_TINY).inputSize(64).numClasses(3).build();

    @Test
    void shouldConvertBothWaysKeepingOutputsWeightsAndMetadata(@TempDir Path tmp) throws IOException {
        ModelWeights weights;
        try (DenseTrainingSession s = DenseTrainingSession.create(CONFIG, TrainingOptions.builder().build(),
                new float[] {1, 1, 1})) {
            weights = s.modelWeights();
        }
        Path exported = tmp.resolve("exported");
        ModelExporter.export(CONFIG, weights, exported, ModelExporter.metadata(CONFIG,
                List.of("a", "b", "c"), Map.of("val_map50", 0.5), "x"));
        Path variables = tmp.resolve("variables");
        Path constants = tmp.resolve("constants");

        ModelConverter.convert(exported, variables, WeightStorage.VARIABLES);
        ModelConverter.convert(variables, constants, WeightStorage.CONSTANTS);

        assertThat(BatchNormFoldingTest.count(exported, op -> op.type().equals("VariableV2"))).isZero();
        assertThat(BatchNormFoldingTest.count(variables, op -> op.type().equals("VariableV2")))
                .isEqualTo(BatchNormFoldingTest.count(exported, op -> op.name().startsWith(FrozenGraph.WEIGHT_SCOPE)))
                .isGreaterThan(10);
        assertThat(BatchNormFoldingTest.count(constants, op -> op.type().equals("VariableV2"))).isZero();
        assertThat(Files.readString(variables.resolve("model.json"))).isEqualTo(Files.readString(exported.resolve("model.json")));
        assertThat(ModelMetadata.read(constants)).isEqualTo(ModelMetadata.read(exported));

        int side = CONFIG.inputSize();
        float[] pixels = new float[2 * side * side * 3];
        SplittableRandom random = new SplittableRandom(9);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) random.nextDouble();
        }
        float[] first = centres(exported, pixels, side);
        // Reading unfolds batch norm and exporting folds it again: equal within float rounding.
        assertThat(centres(variables, pixels, side)).containsExactly(first, within(1e-5f));
        assertThat(centres(constants, pixels, side)).containsExactly(first, within(1e-5f));
    }

    @Test
    void shouldNameTheFolderWhenItHoldsNoModel(@TempDir Path tmp) {
        assertThatThrownBy(() -> ModelConverter.convert(tmp, tmp.resolve("out"), WeightStorage.VARIABLES))
                .isInstanceOf(IOException.class).hasMessageContaining(tmp.toString());
    }

    private static float[] centres(Path dir, float[] pixels, int side) {
        try (SavedModelBundle b = SavedModelBundle.load(dir.toString(), SignatureNames.TAG);
                TFloat32 in = TensorArrays.floats(pixels, 2, side, side, 3);
                Result r = b.function(SignatureNames.SERVING).call(Map.of(SignatureNames.INPUT_IMAGES, in))) {
            return TensorArrays.values(r.get(SignatureNames.OUTPUT_CENTRES).orElseThrow());
        }
    }
}
