package dev.facemask.job.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class GradCamPolicyTest {

    @Test
    void shouldParseEveryForm() {
        assertThat(GradCamPolicy.parse("off")).isEqualTo(new GradCamPolicy.Off());
        assertThat(GradCamPolicy.parse("ALWAYS")).isEqualTo(new GradCamPolicy.Always());
        assertThat(GradCamPolicy.parse("sample:0.25")).isEqualTo(new GradCamPolicy.Sample(0.25));
        assertThat(GradCamPolicy.parse("class:no_mask")).isEqualTo(new GradCamPolicy.ForClass("no_mask"));
        assertThat(GradCamPolicy.parse(" below-confidence:0.8 ")).isEqualTo(new GradCamPolicy.BelowConfidence(0.8));
    }

    @Test
    void shouldRoundTripThroughSpec() {
        for (String spec : new String[] {"off", "always", "sample:0.1", "class:mask", "below-confidence:0.5"}) {
            assertThat(GradCamPolicy.parse(GradCamPolicy.parse(spec).spec())).isEqualTo(GradCamPolicy.parse(spec));
        }
    }

    @Test
    void shouldRejectBadTextWithTheAcceptedForms() {
        assertThatThrownBy(() -> GradCamPolicy.parse("sometimes"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid Grad-CAM policy 'sometimes'; use off, always, sample:<fraction 0..1>, "
                        + "class:<name> or below-confidence:<0..1>");
        assertThatThrownBy(() -> GradCamPolicy.parse("sample:abc")).hasMessageContaining("'abc' is not a number");
        assertThatThrownBy(() -> GradCamPolicy.parse("sample:1.5"))
                .hasMessageContaining("Grad-CAM sample fraction must be in 0..1, was 1.5");
        assertThatThrownBy(() -> GradCamPolicy.parse("class:")).hasMessageContaining("needs a class name");
        assertThatThrownBy(() -> GradCamPolicy.parse("off:1")).hasMessageStartingWith("Invalid Grad-CAM policy 'off:1'");
        assertThatThrownBy(() -> GradCamPolicy.parse("below-confidence")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldSampleAboutTheFractionDeterministically() {
        GradCamPolicy policy = new GradCamPolicy.Sample(0.2);
        long chosen = LongStream.range(0, 10_000).filter(s -> policy.selects("cam-1", s, null, Float.NaN)).count();
        long again = LongStream.range(0, 10_000).filter(s -> policy.selects("cam-1", s, null, Float.NaN)).count();
        assertThat(chosen).isBetween(1_800L, 2_200L).isEqualTo(again);
        assertThat(new GradCamPolicy.Sample(0).selects("cam-1", 7, null, Float.NaN)).isFalse();
        assertThat(new GradCamPolicy.Sample(1).selects("cam-1", 7, null, Float.NaN)).isTrue();
    }

    @Test
    void shouldSelectByPredictionForClassAndConfidence() {
        assertThat(new GradCamPolicy.ForClass("no_mask").decidedBeforePrediction()).isFalse();
        assertThat(new GradCamPolicy.ForClass("no_mask").selects("c", 1, "no_mask", 0.9f)).isTrue();
        assertThat(new GradCamPolicy.ForClass("no_mask").selects("c", 1, "mask", 0.9f)).isFalse();
        assertThat(new GradCamPolicy.BelowConfidence(0.6).selects("c", 1, "mask", 0.59f)).isTrue();
        assertThat(new GradCamPolicy.BelowConfidence(0.6).selects("c", 1, "mask", 0.6f)).isFalse();
    }
}
