package dev.facemask.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facemask.trainer.fit.TrainingOptions;
import dev.facemask.trainer.fit.TrainingSession;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The spatial box head is normalised only where Adam's first steps would overshoot a plain one: over
 * {@value SeResNet#PLAIN_BOX_HEAD_MAX_INPUTS} flattened inputs (the seed preset); the tiny and small
 * presets keep the notebook's plain layers, which fit boxes more precisely, and start at the mean box.
 */
class BoxHeadNormalisationTest {

    /** The tiny preset's 2 x 16 channel box head at 96 px flattens 6 x 6 x 16 = 576 values. */
    @Test
    void shouldKeepThePlainLayersForTheTinyPresetsSmallFlatten() {
        ModelWeights w = weights(ModelConfig.builder(Preset.TINY).numClasses(2).build());

        assertThat(w.names()).contains("box_conv_b", "box_dense1_w", "box_dense2_b")
                .noneMatch(n -> n.startsWith("box_out_bn") || n.startsWith("box_conv_bn") || n.startsWith("box_dense1_bn"));
    }

    /** The same head at 192 px flattens 12 x 12 x 16 = 2,304 values: normalised, as the seed's 4,096. */
    @Test
    void shouldNormaliseAHeadOfALargeFlatten() {
        ModelWeights w = weights(ModelConfig.builder(Preset.TINY).inputSize(192).numClasses(2)
                .stages(List.of(8, 16, 32), List.of(1, 1, 1)).build());

        assertThat(w.names()).contains("box_conv_bn_gamma", "box_dense1_bn_gamma", "box_out_bn_beta")
                .doesNotContain("box_conv_b");
    }

    private static ModelWeights weights(ModelConfig config) {
        try (TrainingSession s = TrainingSession.create(config, TrainingOptions.builder().build())) {
            return s.modelWeights();
        }
    }
}
