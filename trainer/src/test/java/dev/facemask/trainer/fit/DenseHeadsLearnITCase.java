package dev.facemask.trainer.fit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facemask.trainer.model.CentreHead;
import dev.facemask.trainer.model.ModelConfig;
import dev.facemask.trainer.model.Preset;
import dev.facemask.vision.dataset.Annotation;
import dev.facemask.vision.geometry.Box;
import dev.facemask.vision.preprocess.Letterbox;
import dev.facemask.vision.preprocess.PreparedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Both outputs of every dense preset still learn after some steps: the heatmap and the box values
 * on a fixed batch keep changing, and the loss sends a gradient into each output layer and into the
 * backbone's stem. The single head's counterpart is {@link HeadsLearnITCase}.
 */
class DenseHeadsLearnITCase {

    static final int STEPS = 12;
    static final int SIDE = 64;

    /** Every dense preset with the per-class centre head, and the smaller two with the objectness head. */
    static Stream<Arguments> presets() {
        return Stream.of(Arguments.of(Preset.DETECT_TINY, CentreHead.PER_CLASS),
                Arguments.of(Preset.DETECT_SMALL, CentreHead.PER_CLASS), Arguments.of(Preset.DETECT_SEED, CentreHead.PER_CLASS),
                Arguments.of(Preset.DETECT_TINY, CentreHead.OBJECTNESS), Arguments.of(Preset.DETECT_SMALL, CentreHead.OBJECTNESS));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("presets")
    void shouldKeepChangingBothOutputsAndTheirGradients(Preset preset, CentreHead centres) {
        ModelConfig config = ModelConfig.builder(preset).numClasses(3).inputSize(SIDE).centreHead(centres).build();
        DenseBatchAssembler batches = new DenseBatchAssembler(examples(16), 8, AugmentOptions.NONE,
                config.denseGridSize(), 3, 5);
        DenseBatch probe = batches.assemble(batches.orderedBatches().get(0), null);
        TrainingOptions options = TrainingOptions.builder().batchSize(8).seed(3).build();
        try (DenseTrainingSession session = DenseTrainingSession.create(config, options, new float[] {1, 1, 1})) {
            DenseOutputsBatch before = null;
            for (int step = 0; step < STEPS; step++) {
                if (step == STEPS - 1) {
                    before = session.trainingModeMaps(probe);
                }
                session.trainStep(batches.assemble(batches.shuffledBatches(step).get(0), null), 1e-3);
            }
            DenseOutputsBatch after = session.trainingModeMaps(probe);
            Map<String, Double> norms = session.gradientNorms(probe);

            assertThat(largestChange(before.heatmap(), after.heatmap())).as(preset + " heatmap change").isGreaterThan(1e-4);
            assertThat(largestChange(before.regression(), after.regression())).as(preset + " box change").isGreaterThan(1e-4);
            if (centres == CentreHead.PER_CLASS) {
                assertThat(norms.get("heatmap_out_w")).as(preset + " heatmap gradient").isGreaterThan(1e-4);
            } else {
                assertThat(norms.get("objectness_out_w")).as(preset + " face heatmap gradient").isGreaterThan(1e-4);
                assertThat(norms.get("class_out_w")).as(preset + " class gradient").isGreaterThan(1e-4);
                assertThat(norms).doesNotContainKey("heatmap_out_w");
            }
            assertThat(norms.get("box_out_w")).as(preset + " box gradient").isGreaterThan(1e-4);
            assertThat(norms.get("stem_conv_w")).as(preset + " backbone gradient").isGreaterThan(1e-6);
        }
    }

    /** Random images, each with two faces of classes i % 3 and (i + 1) % 3. */
    private static List<DenseExample> examples(int n) {
        SplittableRandom random = new SplittableRandom(7);
        List<DenseExample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[] px = new float[SIDE * SIDE * 3];
            for (int k = 0; k < px.length; k++) {
                px[k] = (float) random.nextDouble();
            }
            double x = 0.1 + 0.4 * random.nextDouble();
            out.add(new DenseExample(new PreparedImage(px, new Letterbox(SIDE, SIDE, SIDE), 3),
                    List.of(new Annotation(i % 3, new Box(x, 0.1, x + 0.3, 0.45)),
                            new Annotation((i + 1) % 3, new Box(0.5, 0.55, 0.8, 0.9)))));
        }
        return out;
    }

    private static double largestChange(float[] a, float[] b) {
        double largest = 0;
        for (int i = 0; i < a.length; i++) {
            largest = Math.max(largest, Math.abs(a[i] - b[i]));
        }
        return largest;
    }
}
