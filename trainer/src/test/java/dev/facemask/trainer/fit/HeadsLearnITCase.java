package dev.facemask.trainer.fit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facemask.trainer.SyntheticFaces;
import dev.facemask.trainer.model.BoxHead;
import dev.facemask.trainer.model.ModelConfig;
import dev.facemask.trainer.model.NetworkOutputs;
import dev.facemask.trainer.model.Preset;
import dev.facemask.trainer.model.TensorArrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tensorflow.Result;

/**
 * Every head of every preset still learns after some steps: its output on a fixed batch keeps
 * changing, and the loss still sends a gradient into its weights. The dense presets' counterpart
 * is {@link DenseHeadsLearnITCase}. Before the fix, the seed
 * preset's box head saturated its sigmoid within a few Adam steps and then sat still.
 */
class HeadsLearnITCase {

    static final int STEPS = 12;

    /** Every single-face preset with its default box head, and the seed's backbone under each other box head. */
    static Stream<Arguments> presetsAndBoxHeads() {
        return Stream.of(Arguments.of(Preset.SEED, BoxHead.SPATIAL), Arguments.of(Preset.SMALL, BoxHead.SPATIAL),
                Arguments.of(Preset.TINY, BoxHead.SPATIAL), Arguments.of(Preset.SEED, BoxHead.POOLED),
                Arguments.of(Preset.SEED, BoxHead.CENTROID));
    }

    @ParameterizedTest(name = "{0} with the {1} box head")
    @MethodSource("presetsAndBoxHeads")
    void shouldKeepChangingEveryHeadsOutputAndGradient(Preset preset, BoxHead boxHead) {
        ModelConfig config = smallestInputWithTheSameHead(preset).toBuilder().boxHead(boxHead).build();
        List<TrainingExample> data = SyntheticFaces.generate(32, config.inputSize(), 11);
        BatchAssembler batches = new BatchAssembler(data, 8, false, 0, 5);
        Batch probe = batches.assemble(batches.orderedBatches().get(0), null);
        // The seed notebook's recipe: Adam 1e-3, MSE box loss, heads weighted 1:1.
        TrainingOptions options = TrainingOptions.builder().batchSize(8).seed(3).build();
        try (TrainingSession session = TrainingSession.create(config, options)) {
            int step = 0;
            HeadOutputs before = null;
            for (int epoch = 0; step < STEPS; epoch++) {
                for (int[] idx : batches.shuffledBatches(epoch)) {
                    if (step == STEPS - 2) {
                        before = trainingModeOutputs(session, probe);
                    }
                    if (step++ < STEPS) {
                        session.trainStep(batches.assemble(idx, null));
                    }
                }
            }
            HeadOutputs after = trainingModeOutputs(session, probe);
            Map<String, Double> norms = session.gradientNorms(probe);

            assertChanged(preset + " classifier", before, after, HeadOutputs::logits);
            assertChanged(preset + " box head", before, after, HeadOutputs::boxes);
            assertThat(headNorm(norms, "class_")).as(preset + " classifier gradient").isGreaterThan(1e-4);
            assertThat(headNorm(norms, "box_")).as(preset + " box head gradient").isGreaterThan(1e-4);
        }
    }

    /**
     * The preset at the smallest input whose last feature map has the preset's own size, so the
     * spatial box head flattens as many values as at full size (4,096 for seed at 8x8x64): that
     * width is what made the seed's head overshoot. At 128 px (4x4) the old head recovered.
     */
    static ModelConfig smallestInputWithTheSameHead(Preset preset) {
        ModelConfig full = ModelConfig.builder(preset).numClasses(2).build();
        int side = full.inputSize();
        while (full.toBuilder().inputSize(side - 1).build().featureMapSize() == full.featureMapSize()) {
            side--;
        }
        return full.toBuilder().inputSize(side).build();
    }

    /**
     * The class logits and boxes in training mode (batch statistics), as the loss sees them; runs no
     * update. Logits rather than probabilities: a classifier sure of every synthetic face has
     * probabilities pinned at 0 and 1 in float32 while its logits still move.
     */
    private static HeadOutputs trainingModeOutputs(TrainingSession session, Batch probe) {
        NetworkOutputs out = session.trainingOutputs();
        try (Result r = session.runTrainingMode(probe, List.of(out.logits(), out.boxes()))) {
            return new HeadOutputs(TensorArrays.rows(r.get(0)), TensorArrays.rows(r.get(1)));
        }
    }

    /** The two heads' outputs, [N][classes] logits and [N][4] boxes. */
    private record HeadOutputs(float[][] logits, float[][] boxes) {}

    private static void assertChanged(String what, HeadOutputs before, HeadOutputs after,
            Function<HeadOutputs, float[][]> output) {
        float[][] a = output.apply(before);
        float[][] b = output.apply(after);
        double largest = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                largest = Math.max(largest, Math.abs(a[i][j] - b[i][j]));
            }
        }
        assertThat(largest).as(what + ": largest output change over the last two steps").isGreaterThan(1e-4);
    }

    /** L2 norm of the gradient over all trainable variables whose names start with {@code prefix}. */
    private static double headNorm(Map<String, Double> norms, String prefix) {
        assertThat(norms.keySet()).as("variables of head " + prefix).anyMatch(n -> n.startsWith(prefix));
        return Math.sqrt(norms.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
                .mapToDouble(e -> e.getValue() * e.getValue()).sum());
    }
}
