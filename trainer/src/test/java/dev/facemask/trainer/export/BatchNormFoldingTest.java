package dev.facemask.trainer.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.facemask.inference.SignatureNames;
import dev.facemask.trainer.SyntheticFaces;
import dev.facemask.trainer.fit.Batch;
import dev.facemask.trainer.fit.DenseBatch;
import dev.facemask.trainer.fit.DenseTrainingSession;
import dev.facemask.trainer.fit.TrainingExample;
import dev.facemask.trainer.fit.TrainingOptions;
import dev.facemask.trainer.fit.TrainingSession;
import dev.facemask.trainer.model.ModelConfig;
import dev.facemask.trainer.model.ModelWeights;
import dev.facemask.trainer.model.Preset;
import dev.facemask.trainer.model.TensorArrays;
import dev.facemask.trainer.model.WeightArray;
import dev.facemask.trainer.pipeline.InitialWeights;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.GraphOperation;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The export with batch norm folded into the convolutions computes what the graph with separate
 * batch norms computes, for every output of every signature, after a few training steps (so the
 * moving statistics are no longer 0 and 1); and unfolding its weights gives the trainer's graph back.
 * The folded export also holds its weights as constants ({@link FrozenGraph}), so these tests are the
 * frozen export against the variables' export, within {@link #TOLERANCE}.
 */
class BatchNormFoldingTest {

    /** A box head of 4 x 4 x 80 = 1,280 inputs, above 1,024, so that it has the batch norms folding must handle. */
    static final ModelConfig SINGLE = ModelConfig.builder(Preset.TINY).inputSize(64).numClasses(2)
            .stages(List.of(8, 16, 32), List.of(1, 1, 1)).boxHead(80, 32).build();
    static final ModelConfig DENSE = ModelConfig.builder(Preset.DETECT_TINY).inputSize(64).numClasses(3)
            .stages(List.of(8, 16, 32), List.of(1, 1, 1)).neck(8).build();
    static final int N = 4;
    /**
     * Convolutions followed by batch norm: stem, 3 blocks x 3, projections in stages 2 and 3 (the
     * 16-channel stem already has stage 1's 8 x 2 channels), box head conv.
     */
    static final int SINGLE_PAIRS = 1 + 3 * 3 + 2 + 1;
    /** Stem, 3 blocks x 3, 2 projections, three neck laterals, the head's 3x3. */
    static final int DENSE_PAIRS = 1 + 3 * 3 + 2 + 3 + 1;
    static final double TOLERANCE = 1e-4;

    @Test
    void shouldExportAFoldedSingleFaceModelEqualToTheUnfoldedOne(@TempDir Path tmp) throws IOException {
        List<TrainingExample> data = SyntheticFaces.generate(N, 64, 11);
        float[] pixels = SyntheticFaces.pack(data);
        int[] labels = data.stream().mapToInt(TrainingExample::classId).toArray();
        float[] boxes = new float[N * 4];
        for (int i = 0; i < N; i++) {
            System.arraycopy(data.get(i).modelBox().toXywh(), 0, boxes, i * 4, 4);
        }
        ModelWeights weights;
        try (TrainingSession s = TrainingSession.create(SINGLE, TrainingOptions.builder().build())) {
            for (int i = 0; i < 5; i++) {
                s.trainStep(new Batch(pixels, labels, boxes, N));
            }
            weights = s.modelWeights();
        }
        Path folded = export(SINGLE, weights, tmp.resolve("folded"), true);
        Path unfolded = export(SINGLE, weights, tmp.resolve("unfolded"), false);

        // serving: probabilities, boxes; gradcam: the same plus heatmap.
        assertSameOutputs(folded, unfolded, pixels, SINGLE.inputSize(), 2 + 3);
        // The two batch norms of the dense box layers stay: no convolution precedes them.
        assertThat(countOps(folded, "FusedBatchNormV3")).isEqualTo(2);
        assertThat(countOps(unfolded, "FusedBatchNormV3")).isEqualTo(SINGLE_PAIRS + 2);
        assertThat(countFrozenWeights(folded, "_folded_bias")).isEqualTo(SINGLE_PAIRS);
        assertThat(countOps(folded, "VariableV2")).isZero();
        assertThat(countOps(unfolded, "VariableV2")).isEqualTo(weights.names().size());
    }

    @Test
    void shouldExportAFoldedDenseModelEqualToTheUnfoldedOne(@TempDir Path tmp) throws IOException {
        SplittableRandom random = new SplittableRandom(5);
        int side = DENSE.inputSize();
        int g = DENSE.denseGridSize();
        float[] pixels = new float[N * side * side * 3];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) random.nextDouble();
        }
        DenseBatch batch = new DenseBatch(pixels, new float[N * g * g * 3], new float[N * g * g * 4],
                new float[N * g * g], List.of(), N);
        ModelWeights weights;
        try (DenseTrainingSession s = DenseTrainingSession.create(DENSE, TrainingOptions.builder().build(),
                new float[] {1, 1, 1})) {
            for (int step = 0; step < 5; step++) {
                s.trainStep(batch, 1e-3);
            }
            weights = s.modelWeights();
        }
        Path folded = export(DENSE, weights, tmp.resolve("folded"), true);
        Path unfolded = export(DENSE, weights, tmp.resolve("unfolded"), false);
        // Both signatures add centres and box_regression; gradcam also face_heatmaps and face_peaks.
        assertSameOutputs(folded, unfolded, pixels, side, 4 + 7);
        assertThat(countOps(folded, "FusedBatchNormV3")).isZero();
        assertThat(countOps(unfolded, "FusedBatchNormV3")).isEqualTo(DENSE_PAIRS);
        assertThat(countFrozenWeights(folded, "_folded_bias")).isEqualTo(DENSE_PAIRS);
        assertThat(countOps(folded, "VariableV2")).isZero();
    }

    @Test
    void shouldGiveTheTrainersBackboneBackToInitFrom(@TempDir Path tmp) throws IOException {
        ModelWeights weights;
        try (TrainingSession s = TrainingSession.create(SINGLE, TrainingOptions.builder().build())) {
            weights = s.modelWeights();
        }
        Path folded = export(SINGLE, weights, tmp.resolve("folded"), true);
        ModelWeights backbone = InitialWeights.backboneOf(folded);
        assertThat(backbone.names()).containsExactlyInAnyOrderElementsOf(
                weights.filter(InitialWeights::isBackbone).names());
        Map<String, WeightArray> combined = new LinkedHashMap<>(weights.filter(n -> !InitialWeights.isBackbone(n)).arrays());
        combined.putAll(backbone.arrays());
        float[] pixels = SyntheticFaces.pack(SyntheticFaces.generate(N, 64, 3));
        try (InferenceModel original = InferenceModel.create(SINGLE, weights);
                InferenceModel reloaded = InferenceModel.create(SINGLE, new ModelWeights(combined))) {
            float[][] expected = original.predict(pixels, N).boxes();
            float[][] actual = reloaded.predict(pixels, N).boxes();
            for (int i = 0; i < N; i++) {
                for (int j = 0; j < 4; j++) {
                    assertThat((double) actual[i][j]).isCloseTo(expected[i][j], within(TOLERANCE));
                }
            }
        }
    }

    private static Path export(ModelConfig config, ModelWeights weights, Path dir, boolean fold) throws IOException {
        ModelExporter.export(config, weights, dir, ModelExporter.metadata(config,
                config.numClasses() == 2 ? List.of("a", "b") : List.of("a", "b", "c"), Map.of(), "x"), fold);
        return dir;
    }

    /** Every output of both signatures, element by element, within {@link #TOLERANCE}; counts the outputs compared. */
    private static void assertSameOutputs(Path folded, Path unfolded, float[] pixels, int side, int expectedOutputs) {
        int compared = 0;
        try (SavedModelBundle a = SavedModelBundle.load(folded.toString(), SignatureNames.TAG);
                SavedModelBundle b = SavedModelBundle.load(unfolded.toString(), SignatureNames.TAG);
                TFloat32 in = TensorArrays.floats(pixels, N, side, side, 3)) {
            for (String signature : List.of(SignatureNames.SERVING, SignatureNames.GRADCAM)) {
                try (Result x = a.function(signature).call(Map.of(SignatureNames.INPUT_IMAGES, in));
                        Result y = b.function(signature).call(Map.of(SignatureNames.INPUT_IMAGES, in))) {
                    assertThat(x.size()).isEqualTo(y.size());
                    for (Map.Entry<String, org.tensorflow.Tensor> e : x) {
                        if (e.getValue() instanceof TInt32 peaks) {
                            // face_peaks: which peaks are explained must not change at all.
                            TInt32 other = (TInt32) y.get(e.getKey()).orElseThrow();
                            assertThat(peaks.shape()).isEqualTo(other.shape());
                            peaks.scalars().forEachIndexed((at, v) -> assertThat(v.getInt())
                                    .as(signature + "/" + e.getKey()).isEqualTo(other.getInt(at)));
                            compared++;
                            continue;
                        }
                        float[] expected = TensorArrays.values(y.get(e.getKey()).orElseThrow());
                        float[] actual = TensorArrays.values(e.getValue());
                        assertThat(actual).as(signature + "/" + e.getKey()).hasSameSizeAs(expected);
                        for (int i = 0; i < expected.length; i++) {
                            assertThat((double) actual[i]).as(signature + "/" + e.getKey() + "[" + i + "]")
                                    .isCloseTo(expected[i], within(TOLERANCE));
                        }
                        compared++;
                    }
                }
            }
        }
        assertThat(compared).as("outputs compared over both signatures").isEqualTo(expectedOutputs);
    }

    private static int countOps(Path dir, String type) {
        return count(dir, op -> op.type().equals(type));
    }

    private static int countFrozenWeights(Path dir, String suffix) {
        return count(dir, op -> op.type().equals("Const") && op.name().startsWith(FrozenGraph.WEIGHT_SCOPE)
                && op.name().endsWith(suffix));
    }

    /** Ops of the SavedModel in {@code dir} that pass {@code test}. */
    static int count(Path dir, java.util.function.Predicate<GraphOperation> test) {
        try (SavedModelBundle bundle = SavedModelBundle.load(dir.toString(), SignatureNames.TAG)) {
            int n = 0;
            Iterator<GraphOperation> ops = bundle.graph().operations();
            while (ops.hasNext()) {
                n += test.test(ops.next()) ? 1 : 0;
            }
            return n;
        }
    }
}
