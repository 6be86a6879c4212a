package dev.facemask.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ModelConfigTest {

    @Test
    void shouldDescribeSeedAsResNet50Stages() {
        ModelConfig seed = ModelConfig.builder(Preset.SEED).build();
        assertThat(seed.inputSize()).isEqualTo(244);
        assertThat(seed.stageBlocks()).containsExactly(3, 4, 6, 3);
        assertThat(seed.featureChannels()).isEqualTo(2048);
        // 244 -> 122 (stem) -> 61 (pool) -> 61 -> 31 -> 16 -> 8
        assertThat(seed.featureMapSize()).isEqualTo(8);
        assertThat(ModelConfig.builder(Preset.TINY).build().featureMapSize()).isEqualTo(6);
    }

    @Test
    void shouldRoundTripThroughToBuilder() {
        ModelConfig c = ModelConfig.builder(Preset.SMALL).numClasses(3).channels(1).build();
        assertThat(c.toBuilder().build()).isEqualTo(c);
        ModelConfig branched = ModelConfig.builder(Preset.DETECT_TINY).classBranch(24).build();
        assertThat(branched.toBuilder().build()).isEqualTo(branched);
        assertThat(branched.classBranchChannels()).isEqualTo(24);
    }

    @Test
    void shouldExplainInvalidConfiguration() {
        assertThatThrownBy(() -> ModelConfig.builder(Preset.TINY).numClasses(1).build())
                .hasMessage("numClasses must be at least 2 (the dataset's classes), was 1");
        assertThatThrownBy(() -> ModelConfig.builder(Preset.TINY).stages(List.of(8, 16), List.of(1)).build())
                .hasMessage("stages need one block count per width, got widths [8, 16] and blocks [1]");
        assertThatThrownBy(() -> ModelConfig.builder(Preset.DETECT_TINY).centreHead(CentreHead.PER_CLASS).classBranch(16).build())
                .hasMessage("a class branch needs a detect-* preset with the objectness centre head (--centres objectness)");
        assertThatThrownBy(() -> ModelConfig.builder(Preset.SMALL).classBranch(16).build())
                .hasMessage("a class branch needs a detect-* preset with the objectness centre head (--centres objectness)");
        assertThatThrownBy(() -> ModelConfig.builder(Preset.DETECT_TINY).classBranch(-1).build())
                .hasMessage("class branch channels must not be negative, was -1");
        assertThatThrownBy(() -> Preset.parse("huge")).hasMessage("Unknown preset 'huge': use one of [seed, small, tiny, detect-seed, detect-small, detect-tiny]");
    }
}
