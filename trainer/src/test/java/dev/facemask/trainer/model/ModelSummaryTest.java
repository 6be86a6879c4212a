package dev.facemask.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ModelSummaryTest {

    @Test
    void shouldCountSeedPresetAsSeResNet50WithTwoHeads() {
        ModelSummary s = ModelSummary.of(ModelConfig.builder(Preset.SEED).numClasses(2).build());
        System.out.println(s.format().lines().skip(s.layers().size() + 2).reduce("", (a, b) -> a + b + "\n"));
        assertThat(s.parameters()).isBetween(26_000_000L, 28_000_000L);
        assertThat(s.gflopsPerImage()).isCloseTo(10.3, within(0.1));
    }

    @Test
    void shouldCostAboutEightGflopsAt224LikeSeResNet50() {
        ModelSummary s = ModelSummary.of(ModelConfig.builder(Preset.SEED).inputSize(224).numClasses(2).build());
        assertThat(s.gflopsPerImage()).isCloseTo(8.2, within(0.3));
    }

    @Test
    void shouldKeepTinyPresetNearTwoHundredThousandParameters() {
        ModelSummary s = ModelSummary.of(ModelConfig.builder(Preset.TINY).numClasses(2).build());
        System.out.println(s.format());
        // 216,002 with stages 16/32/64 x2 blocks; 80 k (8/16/32 x1) memorised synthetic faces without generalising.
        assertThat(s.parameters()).isBetween(200_000L, 230_000L);
    }

    @Test
    void shouldGiveTheClassLogitsABranchOfTheirOwnWhenAsked() {
        ModelConfig shared = ModelConfig.builder(Preset.DETECT_SMALL).numClasses(3).build();
        ModelSummary without = ModelSummary.of(shared);
        ModelSummary with = ModelSummary.of(shared.toBuilder().classBranch(48).build());

        // 3x3 conv from the 64-channel pyramid to 48, its batch norm (4 x 48), and class_out now reads 48 channels.
        assertThat(with.parameters() - without.parameters()).isEqualTo(3 * 3 * 64 * 48 + 4 * 48 + (48 - 64) * 3);
        assertThat(with.layers()).extracting(LayerInfo::name).containsSubsequence("head_conv", "class_conv", "class_bn",
                "class_out");
        assertThat(with.layers()).filteredOn(l -> l.name().equals("class_conv")).singleElement()
                .satisfies(l -> assertThat(l.outputShape()).isEqualTo("80x80x48"))
                .satisfies(l -> assertThat(l.multiplyAdds()).isEqualTo(80L * 80 * 3 * 3 * 64 * 48));
        assertThat(without.layers()).extracting(LayerInfo::name).doesNotContain("class_conv", "class_bn");
    }
}
