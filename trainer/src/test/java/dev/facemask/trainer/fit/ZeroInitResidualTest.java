package dev.facemask.trainer.fit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facemask.trainer.model.ModelConfig;
import dev.facemask.trainer.model.ModelWeights;
import dev.facemask.trainer.model.Preset;
import dev.facemask.trainer.model.WeightArray;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code --zero-init-residual} starts exactly the last batch-norm scale of every bottleneck at 0,
 * for both heads, and leaves every other initial weight as it was.
 */
class ZeroInitResidualTest {

    static final ModelConfig SINGLE = ModelConfig.builder(Preset.TINY).inputSize(64).numClasses(2)
            .stages(List.of(8, 16), List.of(2, 1)).build();
    static final ModelConfig DENSE = ModelConfig.builder(Preset.DETECT_TINY).inputSize(64).numClasses(3)
            .stages(List.of(8, 16, 32), List.of(1, 2, 1)).neck(8).build();

    @Test
    void shouldZeroEveryBottlenecksLastScaleAndNothingElse() {
        ModelWeights plain;
        ModelWeights zeroed;
        try (TrainingSession a = TrainingSession.create(SINGLE, TrainingOptions.builder().seed(4).build());
                TrainingSession b = TrainingSession.create(SINGLE,
                        TrainingOptions.builder().seed(4).zeroInitResidual(true).build())) {
            plain = a.modelWeights();
            zeroed = b.modelWeights();
        }
        assertZeroedExactly(plain, zeroed, List.of("stage1_block1_bn3_gamma", "stage1_block2_bn3_gamma",
                "stage2_block1_bn3_gamma"));
    }

    @Test
    void shouldZeroTheDenseBackbonesScalesToo() {
        ModelWeights plain;
        ModelWeights zeroed;
        float[] weights = {1, 1, 1};
        try (DenseTrainingSession a = DenseTrainingSession.create(DENSE, TrainingOptions.builder().seed(4).build(), weights);
                DenseTrainingSession b = DenseTrainingSession.create(DENSE,
                        TrainingOptions.builder().seed(4).zeroInitResidual(true).build(), weights)) {
            plain = a.modelWeights();
            zeroed = b.modelWeights();
        }
        assertZeroedExactly(plain, zeroed, List.of("stage1_block1_bn3_gamma", "stage2_block1_bn3_gamma",
                "stage2_block2_bn3_gamma", "stage3_block1_bn3_gamma"));
    }

    private static void assertZeroedExactly(ModelWeights plain, ModelWeights zeroed, List<String> scales) {
        assertThat(zeroed.names()).containsExactlyElementsOf(plain.names());
        for (String name : plain.names()) {
            WeightArray before = plain.get(name);
            WeightArray after = zeroed.get(name);
            if (scales.contains(name)) {
                assertThat(before.values()).as(name).containsOnly(1f);
                assertThat(after.values()).as(name).hasSize(before.values().length).containsOnly(0f);
            } else {
                assertThat(after.sameAs(before)).as(name).isTrue();
            }
        }
        assertThat(plain.names().stream().filter(n -> n.endsWith("_bn3_gamma"))).containsExactlyInAnyOrderElementsOf(scales);
    }
}
